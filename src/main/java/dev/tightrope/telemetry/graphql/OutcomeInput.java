package dev.tightrope.telemetry.graphql;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.telemetry.domain.OutcomeStatus;
import dev.tightrope.telemetry.domain.RawOutcome;

/** One outcome as {@code reportOutcomes} takes it; the rules are those of the NDJSON endpoint (docs/outcomes.md). */
@Input("OutcomeInput")
public class OutcomeInput {

    @NonNull
    public String agent;

    @NonNull
    public String environment;

    @Description("The version route() answered with; may be left out when generation is given.")
    public Integer version;

    @NonNull
    @Description("The arm route() answered with.")
    public Arm arm;

    @Description("The generation route() answered with.")
    public Integer generation;

    public String rolloutId;

    public String routingKey;

    @NonNull
    @Description("When the request ended (ISO-8601 with an offset).")
    public Instant occurredAt;

    @NonNull
    public OutcomeStatus status;

    @Description("Whether the agent completed the task; null when the runtime cannot tell.")
    public Boolean taskCompleted;

    @NonNull
    @Description("Latency of the whole request in milliseconds, 0 to 86 400 000.")
    public Double latencyMs;

    @Description("Cost of the request in US dollars, 0 to 10 000.")
    public Double costUsd;

    public Integer inputTokens;

    public Integer outputTokens;

    @Description("At most 100.")
    public List<@NonNull ToolCallInput> toolCalls;

    @Description("A quality score from 0 to 1.")
    public Double evalScore;

    RawOutcome toRaw() {
        return new RawOutcome(agent, environment, version, arm == null ? null : arm.name(),
                generation == null ? null : generation.longValue(), rolloutId, routingKey, occurredAt,
                status == null ? null : status.name(), taskCompleted, latencyMs, costUsd,
                inputTokens == null ? null : inputTokens.longValue(),
                outputTokens == null ? null : outputTokens.longValue(),
                toolCalls == null ? null : toolCalls.stream().map(ToolCallInput::toRaw).toList(), evalScore);
    }

    /** One tool call of an outcome. */
    @Input("ToolCallInput")
    public static class ToolCallInput {

        @NonNull
        public String tool;

        @NonNull
        public OutcomeStatus status;

        @Description("Milliseconds; 0 when not measured.")
        public Double latencyMs;

        RawOutcome.RawToolCall toRaw() {
            return new RawOutcome.RawToolCall(tool, status == null ? null : status.name(), latencyMs);
        }
    }
}
