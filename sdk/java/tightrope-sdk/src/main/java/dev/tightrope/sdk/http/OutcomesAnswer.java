package dev.tightrope.sdk.http;

import java.util.List;

/**
 * The server's answer to an outcome batch: {@code {"accepted", "rejected": [{"line", "code", "message"}],
 * "deduplicated"}}.
 */
public record OutcomesAnswer(long accepted, List<Rejection> rejected, boolean deduplicated) {

    /** One line the server refused, numbered from 1. */
    public record Rejection(long line, String code, String message) {
    }
}
