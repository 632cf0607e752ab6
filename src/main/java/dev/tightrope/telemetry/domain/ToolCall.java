package dev.tightrope.telemetry.domain;

/**
 * One call of a tool during a request.
 *
 * @param tool      the tool's name, as in the version's TOOLS component
 * @param status    whether the call succeeded
 * @param latencyMs how long it took, in milliseconds (0 when not measured)
 */
public record ToolCall(String tool, OutcomeStatus status, double latencyMs) {
}
