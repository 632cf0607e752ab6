package dev.tightrope.telemetry.graphql;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.telemetry.domain.OutcomeStatus;
import dev.tightrope.telemetry.domain.RawOutcome;

/** One outcome as {@code reportOutcomes} takes it; the rules are those of the NDJSON endpoint (docs/outcomes.md). */
@Description("What happened to one request of an agent, with what route() answered for it.")
@Input("OutcomeInput")
public class OutcomeInput {

    @Description(AGENT)
    @NonNull
    public String agent;

    @Description(ENVIRONMENT)
    @NonNull
    public String environment;

    @Description("The version route() answered with; may be left out when generation is given.")
    public Integer version;

    @NonNull
    @Description("The arm route() answered with.")
    public Arm arm;

    @Description("The generation route() answered with.")
    public Integer generation;

    @Description("The rollout route() answered with, if any.")
    public String rolloutId;

    @Description("The routing key of the request, if it had one.")
    public String routingKey;

    @NonNull
    @Description("When the request ended (ISO-8601 with an offset).")
    public Instant occurredAt;

    @Description("How the request ended.")
    @NonNull
    public OutcomeStatus status;

    @Description("Whether the agent completed the task; null when the runtime cannot tell.")
    public Boolean taskCompleted;

    @NonNull
    @Description("Latency of the whole request in milliseconds, 0 to 86 400 000.")
    public Double latencyMs;

    @Description("Cost of the request in US dollars, 0 to 10 000.")
    public Double costUsd;

    @Description("Tokens sent to the model.")
    public Integer inputTokens;

    @Description("Tokens the model produced.")
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
    @Description("One tool call made while serving the request.")
    @Input("ToolCallInput")
    public static class ToolCallInput {

        @Description("The tool's name.")
        @NonNull
        public String tool;

        @Description("How the call ended.")
        @NonNull
        public OutcomeStatus status;

        @Description("Milliseconds; 0 when not measured.")
        public Double latencyMs;

        RawOutcome.RawToolCall toRaw() {
            return new RawOutcome.RawToolCall(tool, status == null ? null : status.name(), latencyMs);
        }
    }
}
