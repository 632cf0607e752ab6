package dev.tightrope.sdk.outcomes;

import java.util.Objects;

/**
 * One tool call of a request: {@code {"tool", "status", "latencyMs"}}. Tool names are 1 to 64 letters, digits and
 * {@code _ . -}; the server checks them.
 */
public record ToolCall(String tool, OutcomeStatus status, double latencyMs) {

    /** @throws IllegalArgumentException for a missing tool or status, or a latency that is not a finite number */
    public ToolCall {
        Objects.requireNonNull(tool, "a tool call needs its tool's name");
        Objects.requireNonNull(status, "a tool call needs its status");
        if (!Double.isFinite(latencyMs)) {
            throw new IllegalArgumentException("a tool call's latencyMs must be a finite number, was " + latencyMs);
        }
    }
}
