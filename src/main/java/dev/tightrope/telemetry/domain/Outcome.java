package dev.tightrope.telemetry.domain;

import java.time.Instant;
import java.util.List;

import dev.tightrope.release.domain.Arm;

/**
 * What happened to one request of an agent runtime: which version served it (the {@code version} and {@code arm}
 * route() answered), how it ended, how long it took and what it cost. Checked by {@link OutcomeRules}.
 *
 * @param generation    the deployment generation route() answered with, or null
 * @param rolloutId     the rollout route() answered with, or null
 * @param routingKey    the routing key of the request, or null
 * @param taskCompleted whether the agent completed the user's task; null when the runtime cannot tell
 * @param evalScore     a quality score from 0 to 1 (an LLM judge, a user rating), or null
 */
public record Outcome(String agent, String environment, int version, Arm arm, Long generation, String rolloutId,
        String routingKey, Instant occurredAt, OutcomeStatus status, Boolean taskCompleted, double latencyMs,
        double costUsd, long inputTokens, long outputTokens, List<ToolCall> toolCalls, Double evalScore) {

    public Outcome {
        toolCalls = List.copyOf(toolCalls);
    }

    /** Input plus output tokens. */
    public long tokens() {
        return inputTokens + outputTokens;
    }
}
