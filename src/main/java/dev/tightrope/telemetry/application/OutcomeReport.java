package dev.tightrope.telemetry.application;

import java.util.List;

/**
 * What became of one batch: how many outcomes were counted, which were refused and why, and whether the batch id
 * had been counted before (then nothing was added again, and {@code accepted} says how many would have been).
 */
public record OutcomeReport(int accepted, List<Rejection> rejected, boolean deduplicated) {

    /**
     * One refused outcome.
     *
     * @param position its line (NDJSON, from 1) or index (GraphQL, from 0) in the request
     */
    public record Rejection(int position, String code, String message) {
    }
}
