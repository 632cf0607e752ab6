package dev.tightrope.sdk.outcomes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import dev.tightrope.sdk.routing.Decision;

/**
 * What happened to the request a {@link Decision} served:
 *
 * <pre>{@code
 * Outcome.success(decision, 812).taskCompleted(true).costUsd(0.002).inputTokens(900).outputTokens(210).build()
 * }</pre>
 *
 * The decision gives agent, environment, version, arm, generation, rollout id and routing key; the status and the
 * latency are required; the rest is optional and left out of the line when not set. {@code occurredAt} defaults to
 * the moment it is reported. Value ranges (latency 0 to 86 400 000 ms, cost 0 to 10 000, …) are the server's to
 * check: a line it refuses counts as rejected.
 */
public final class Outcome {

    private final Decision decision;
    private final OutcomeStatus status;
    private final double latencyMs;
    private final Boolean taskCompleted;
    private final Double costUsd;
    private final Long inputTokens;
    private final Long outputTokens;
    private final Double evalScore;
    private final List<ToolCall> toolCalls;
    private final Instant occurredAt;

    private Outcome(Builder builder) {
        this.decision = builder.decision;
        this.status = builder.status;
        this.latencyMs = builder.latencyMs;
        this.taskCompleted = builder.taskCompleted;
        this.costUsd = builder.costUsd;
        this.inputTokens = builder.inputTokens;
        this.outputTokens = builder.outputTokens;
        this.evalScore = builder.evalScore;
        this.toolCalls = builder.toolCalls == null ? null : List.copyOf(builder.toolCalls);
        this.occurredAt = builder.occurredAt;
    }

    /**
     * @throws NullPointerException     without a decision or a status
     * @throws IllegalArgumentException for a latency that is not a finite number
     */
    public static Builder builder(Decision decision, OutcomeStatus status, double latencyMs) {
        return new Builder(decision, status, latencyMs);
    }

    public static Builder success(Decision decision, double latencyMs) {
        return builder(decision, OutcomeStatus.SUCCESS, latencyMs);
    }

    public static Builder error(Decision decision, double latencyMs) {
        return builder(decision, OutcomeStatus.ERROR, latencyMs);
    }

    public Decision decision() {
        return decision;
    }

    public OutcomeStatus status() {
        return status;
    }

    public double latencyMs() {
        return latencyMs;
    }

    public Optional<Boolean> taskCompleted() {
        return Optional.ofNullable(taskCompleted);
    }

    public OptionalDouble costUsd() {
        return costUsd == null ? OptionalDouble.empty() : OptionalDouble.of(costUsd);
    }

    public OptionalLong inputTokens() {
        return inputTokens == null ? OptionalLong.empty() : OptionalLong.of(inputTokens);
    }

    public OptionalLong outputTokens() {
        return outputTokens == null ? OptionalLong.empty() : OptionalLong.of(outputTokens);
    }

    public OptionalDouble evalScore() {
        return evalScore == null ? OptionalDouble.empty() : OptionalDouble.of(evalScore);
    }

    /** The tool calls, when any were given. */
    public Optional<List<ToolCall>> toolCalls() {
        return Optional.ofNullable(toolCalls);
    }

    /** When it happened, when given; else the moment it is reported. */
    public Optional<Instant> occurredAt() {
        return Optional.ofNullable(occurredAt);
    }

    /** Builds an {@link Outcome}; each setter checks its value at once. */
    public static final class Builder {

        private final Decision decision;
        private final OutcomeStatus status;
        private final double latencyMs;
        private Boolean taskCompleted;
        private Double costUsd;
        private Long inputTokens;
        private Long outputTokens;
        private Double evalScore;
        private List<ToolCall> toolCalls;
        private Instant occurredAt;

        private Builder(Decision decision, OutcomeStatus status, double latencyMs) {
            this.decision = Objects.requireNonNull(decision, "an outcome needs the decision route() returned");
            this.status = Objects.requireNonNull(status, "an outcome needs its status (SUCCESS or ERROR)");
            this.latencyMs = finite(latencyMs, "latencyMs");
        }

        /** Whether the task was done; leave it unset when the runtime cannot tell. */
        public Builder taskCompleted(boolean completed) {
            this.taskCompleted = completed;
            return this;
        }

        public Builder costUsd(double cost) {
            this.costUsd = finite(cost, "costUsd");
            return this;
        }

        public Builder inputTokens(long tokens) {
            this.inputTokens = tokens;
            return this;
        }

        public Builder outputTokens(long tokens) {
            this.outputTokens = tokens;
            return this;
        }

        /** A score from 0 to 1 (an LLM judge, a user rating). */
        public Builder evalScore(double score) {
            this.evalScore = finite(score, "evalScore");
            return this;
        }

        public Builder toolCall(String tool, OutcomeStatus toolStatus, double toolLatencyMs) {
            return toolCall(new ToolCall(tool, toolStatus, toolLatencyMs));
        }

        public Builder toolCall(ToolCall call) {
            if (toolCalls == null) {
                toolCalls = new ArrayList<>(4);
            }
            toolCalls.add(Objects.requireNonNull(call, "a tool call"));
            return this;
        }

        public Builder occurredAt(Instant when) {
            this.occurredAt = Objects.requireNonNull(when, "occurredAt");
            return this;
        }

        public Outcome build() {
            return new Outcome(this);
        }

        private static double finite(double value, String field) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("an outcome's " + field + " must be a finite number, was " + value);
            }
            return value;
        }
    }
}
