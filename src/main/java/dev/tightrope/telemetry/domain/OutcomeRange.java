package dev.tightrope.telemetry.domain;

import java.time.Instant;

import dev.tightrope.release.domain.Arm;

/**
 * A window of one deployment's outcomes: one version on one arm, the buckets that start in [from, to).
 *
 * @param tools      whether per-tool calls are wanted
 * @param histograms whether latency histograms are wanted
 */
public record OutcomeRange(long deploymentId, int version, Arm arm, Instant from, Instant to, boolean tools,
        boolean histograms) {
}
