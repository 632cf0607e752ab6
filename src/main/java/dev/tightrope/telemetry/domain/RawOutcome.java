package dev.tightrope.telemetry.domain;

import java.time.Instant;
import java.util.List;

/**
 * An outcome as a runtime sent it, before any rule was applied: every field may be missing (null). Both entry points
 * (GraphQL {@code reportOutcomes} and the NDJSON endpoint) build one of these, so one set of rules
 * ({@link OutcomeRules}) judges them all.
 *
 * @param version the version route() answered with; may be left out when {@code generation} and {@code arm} are
 *                given and the generation is still known
 * @param arm     {@code STABLE} or {@code CANARY} as a string, so an unknown value is a violation like any other
 * @param status  {@code SUCCESS} or {@code ERROR} as a string
 */
public record RawOutcome(String agent, String environment, Integer version, String arm, Long generation,
        String rolloutId, String routingKey, Instant occurredAt, String status, Boolean taskCompleted,
        Double latencyMs, Double costUsd, Long inputTokens, Long outputTokens, List<RawToolCall> toolCalls,
        Double evalScore) {

    /** A tool call as sent. */
    public record RawToolCall(String tool, String status, Double latencyMs) {
    }
}
