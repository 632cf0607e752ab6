package dev.tightrope.telemetry.otlp;

import static dev.tightrope.telemetry.otlp.Spans.event;
import static dev.tightrope.telemetry.otlp.Spans.failed;
import static dev.tightrope.telemetry.otlp.Spans.flag;
import static dev.tightrope.telemetry.otlp.Spans.number;
import static dev.tightrope.telemetry.otlp.Spans.request;
import static dev.tightrope.telemetry.otlp.Spans.span;
import static dev.tightrope.telemetry.otlp.Spans.text;
import static dev.tightrope.telemetry.otlp.Spans.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.release.domain.Arm;
import dev.tightrope.telemetry.application.OutcomeIngestion;
import dev.tightrope.telemetry.domain.RawOutcome;
import dev.tightrope.telemetry.otlp.SpanOutcomes.Unmapped;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;

/** The span-to-outcome mapping on its own: which spans become outcomes, with what, and why the others do not. */
class SpanOutcomesTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final Instant END = Instant.parse("2026-12-01T10:00:07.250Z");

    /** support-bot is deployed in production (v13 stable, v14 canary) and staging; researcher in production. */
    private static final SpanOutcomes.Deployments DEPLOYMENTS = new SpanOutcomes.Deployments() {
        @Override
        public boolean deployed(String agent, String environment) {
            return agent.equals("support-bot") && (environment.equals("production") || environment.equals("staging"))
                    || agent.equals("researcher") && environment.equals("production");
        }

        @Override
        public Arm armOf(String agent, String environment, int version) {
            return !agent.equals("support-bot") ? null : version == 13 ? Arm.STABLE : version == 14 ? Arm.CANARY
                    : null;
        }
    };

    private static SpanOutcomes.Mapped map(ExportTraceServiceRequest request) {
        return SpanOutcomes.map(request, DEPLOYMENTS);
    }

    private static RawOutcome only(SpanOutcomes.Mapped mapped) {
        assertThat(mapped.entries()).hasSize(1);
        OutcomeIngestion.Entry entry = mapped.entries().get(0);
        assertThat(entry.refusal()).as("refusal").isNull();
        return entry.outcome();
    }

    private static String refusal(SpanOutcomes.Mapped mapped) {
        assertThat(mapped.entries()).hasSize(1);
        assertThat(mapped.entries().get(0).refusal()).as("refused").isNotNull();
        return mapped.entries().get(0).refusal().getMessage();
    }

    private static KeyValue[] tightrope(int version, String arm, KeyValue... more) {
        List<KeyValue> attributes = new java.util.ArrayList<>(List.of(text("gen_ai.operation.name", "invoke_agent"),
                text("tightrope.agent", "support-bot"), whole("tightrope.version", version), text("tightrope.arm",
                        arm)));
        attributes.addAll(List.of(more));
        return attributes.toArray(KeyValue[]::new);
    }

    @Test
    void anAgentSpanWithItsToolSpansIsOneOutcome() {
        SpanOutcomes.Mapped mapped = map(request(List.of(text("service.name", "checkout")),
                span(TRACE, "00f067aa0ba902b7", null, "invoke_agent support-bot", END, 2300,
                        tightrope(14, "CANARY", text("tightrope.routing_key", "customer-42"),
                                text("tightrope.rollout_id", "7"), whole("tightrope.generation", 4),
                                whole("gen_ai.usage.input_tokens", 900), whole("gen_ai.usage.output_tokens", 210),
                                number("tightrope.cost_usd", 0.004), flag("tightrope.task_completed", true))),
                span(TRACE, "1000000000000001", "00f067aa0ba902b7", "chat gpt-4o", END.minusMillis(1000), 500,
                        text("gen_ai.operation.name", "chat")),
                // under the chat span: still the agent's tool call
                span(TRACE, "1000000000000002", "1000000000000001", "execute_tool lookup_order",
                        END.minusMillis(1200), 310, text("gen_ai.operation.name", "execute_tool"),
                        text("gen_ai.tool.name", "lookup_order")),
                // named by its span name only, and failed
                failed(span(TRACE, "1000000000000003", "00f067aa0ba902b7", "execute_tool refund", END.minusMillis(100),
                        40)),
                span(TRACE, "1000000000000004", null, "GET /health", END, 1)));
        RawOutcome outcome = only(mapped);
        assertThat(outcome.agent()).isEqualTo("support-bot");
        assertThat(outcome.environment()).isEqualTo("production");
        assertThat(outcome.version()).isEqualTo(14);
        assertThat(outcome.arm()).isEqualTo("CANARY");
        assertThat(outcome.generation()).isEqualTo(4);
        assertThat(outcome.rolloutId()).isEqualTo("7");
        assertThat(outcome.routingKey()).isEqualTo("customer-42");
        assertThat(outcome.occurredAt()).isEqualTo(END);
        assertThat(outcome.latencyMs()).isEqualTo(2300.0);
        assertThat(outcome.status()).isEqualTo("SUCCESS");
        assertThat(outcome.taskCompleted()).isTrue();
        assertThat(outcome.costUsd()).isEqualTo(0.004);
        assertThat(outcome.inputTokens()).isEqualTo(900);
        assertThat(outcome.outputTokens()).isEqualTo(210);
        assertThat(outcome.evalScore()).isNull();
        assertThat(outcome.toolCalls()).containsExactly(
                new RawOutcome.RawToolCall("lookup_order", "SUCCESS", 310.0),
                new RawOutcome.RawToolCall("refund", "ERROR", 40.0));
        assertThat(mapped.unmapped()).isEqualTo(Map.of(Unmapped.NOT_AGENT_SPAN, 2));
        assertThat(mapped.spans()).containsExactly("span 00f067aa0ba902b7 of trace " + TRACE);
        assertThat(mapped.batchId()).startsWith("otlp:").hasSize(5 + 64);
    }

    @Test
    void errorStatusOrErrorTypeMakeAnError() {
        RawOutcome byStatus = only(map(request(List.of(), failed(span(TRACE, "00f067aa0ba902b7", null,
                "invoke_agent", END, 10, tightrope(13, "STABLE"))))));
        assertThat(byStatus.status()).isEqualTo("ERROR");
        RawOutcome byType = only(map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null, "invoke_agent", END,
                10, tightrope(13, "STABLE", text("error.type", "timeout")))).toBuilder()
                .build()));
        assertThat(byType.status()).isEqualTo("ERROR");
        SpanOutcomes.Mapped toolByType = map(request(List.of(),
                span(TRACE, "00f067aa0ba902b7", null, "invoke_agent", END, 10, tightrope(13, "STABLE")),
                span(TRACE, "1000000000000001", "00f067aa0ba902b7", "execute_tool", END, 5,
                        text("gen_ai.tool.name", "search"), text("error.type", "java.net.SocketTimeoutException"))));
        assertThat(only(toolByType).status()).isEqualTo("SUCCESS");
        assertThat(only(toolByType).toolCalls()).containsExactly(new RawOutcome.RawToolCall("search", "ERROR", 5.0));
    }

    @Test
    void aVariantAloneNamesTheVersionAndTheArmIsTheOneItIsServedOn() {
        RawOutcome outcome = only(map(request(List.of(text("deployment.environment.name", "staging")),
                span(TRACE, "00f067aa0ba902b7", null, "invoke_agent", END, 900,
                        text("gen_ai.operation.name", "invoke_agent"), text("gen_ai.agent.name", "support-bot"),
                        text("feature_flag.result.variant", "v14"), text("user.id", "u-1")))));
        assertThat(outcome.environment()).isEqualTo("staging");
        assertThat(outcome.version()).isEqualTo(14);
        assertThat(outcome.arm()).isEqualTo("CANARY");
        assertThat(outcome.routingKey()).isEqualTo("u-1");
        // OpenFeature's span event for this agent's flag, with its targeting key
        RawOutcome fromEvent = only(map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null,
                "invoke_agent support-bot", END, 900, text("gen_ai.agent.name", "support-bot"))
                .addEvents(event("feature_flag.evaluation", END, text("feature_flag.key", "other-flag"),
                        text("feature_flag.result.variant", "on")))
                .addEvents(event("feature_flag.evaluation", END, text("feature_flag.key", "support-bot"),
                        text("feature_flag.result.variant", "v13"), text("feature_flag.context.id", "customer-7"))))));
        assertThat(fromEvent.version()).isEqualTo(13);
        assertThat(fromEvent.arm()).isEqualTo("STABLE");
        assertThat(fromEvent.routingKey()).isEqualTo("customer-7");
    }

    @Test
    void generationAndArmAreLeftForTheRulesToResolve() {
        RawOutcome outcome = only(map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null, "invoke_agent", END,
                10, text("tightrope.agent", "support-bot"), whole("tightrope.generation", 9),
                text("tightrope.arm", "CANARY")))));
        assertThat(outcome.version()).isNull();
        assertThat(outcome.generation()).isEqualTo(9);
        assertThat(outcome.arm()).isEqualTo("CANARY");
    }

    @Test
    void agentSpansThatAreNotTightropesAreCountedAndLeftAlone() {
        SpanOutcomes.Mapped mapped = map(request(List.of(),
                span(TRACE, "0000000000000001", null, "invoke_agent", END, 10, text("gen_ai.agent.name", "Travel "
                        + "planner"), text("feature_flag.result.variant", "v1")),
                span(TRACE, "0000000000000002", null, "invoke_agent", END, 10, text("gen_ai.agent.name",
                        "support-bot")),
                span(TRACE, "0000000000000003", null, "invoke_agent", END, 10, text("gen_ai.agent.name",
                        "support-bot"), text("feature_flag.result.variant", "on")),
                span(OTHER_TRACE, "0000000000000004", "00000000000000ff", "execute_tool search", END, 10)));
        assertThat(mapped.entries()).isEmpty();
        assertThat(mapped.batchId()).isNull();
        assertThat(mapped.unmapped()).isEqualTo(Map.of(Unmapped.UNKNOWN_AGENT, 1, Unmapped.NO_VERSION, 2,
                Unmapped.ORPHAN_TOOL_SPAN, 1));
    }

    @Test
    void toolCallsBelongToTheNearestAgentSpanTightropeTakes() {
        SpanOutcomes.Mapped mapped = map(request(List.of(),
                span(TRACE, "00000000000000a1", null, "invoke_agent support-bot", END, 100, tightrope(13, "STABLE")),
                // a sub-agent Tightrope does not serve: its tool calls are the outer agent's
                span(TRACE, "00000000000000b1", "00000000000000a1", "invoke_agent summarizer", END, 50,
                        text("gen_ai.agent.name", "summarizer")),
                span(TRACE, "00000000000000b2", "00000000000000b1", "execute_tool fetch_page", END, 20),
                // a sub-agent Tightrope serves: an outcome of its own, with its own tool call
                span(TRACE, "00000000000000c1", "00000000000000a1", "invoke_agent researcher", END, 40,
                        text("tightrope.agent", "researcher"), whole("tightrope.version", 3),
                        text("tightrope.arm", "STABLE")),
                span(TRACE, "00000000000000c2", "00000000000000c1", "execute_tool web_search", END, 30)));
        assertThat(mapped.entries()).hasSize(2);
        assertThat(mapped.entries().get(0).outcome().toolCalls()).extracting(RawOutcome.RawToolCall::tool)
                .containsExactly("fetch_page");
        assertThat(mapped.entries().get(1).outcome().agent()).isEqualTo("researcher");
        assertThat(mapped.entries().get(1).outcome().toolCalls()).extracting(RawOutcome.RawToolCall::tool)
                .containsExactly("web_search");
        assertThat(mapped.unmapped()).isEqualTo(Map.of(Unmapped.UNKNOWN_AGENT, 1));
    }

    @Test
    void evaluationEventsGiveTheEvalScore() {
        RawOutcome outcome = only(map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null, "invoke_agent", END,
                10, tightrope(13, "STABLE"))
                .addEvents(event("gen_ai.evaluation.result", END, text("gen_ai.evaluation.name", "relevance"),
                        number("gen_ai.evaluation.score.value", 0.9)))
                .addEvents(event("gen_ai.evaluation.result", END, text("gen_ai.evaluation.name", "groundedness"),
                        whole("gen_ai.evaluation.score.value", 1)))
                // the evaluator itself failed: no score
                .addEvents(event("gen_ai.evaluation.result", END, text("gen_ai.evaluation.name", "tone"),
                        text("error.type", "timeout"), number("gen_ai.evaluation.score.value", 0))))));
        assertThat(outcome.evalScore()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-12));
        String refused = refusal(map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null, "invoke_agent", END,
                10, tightrope(13, "STABLE")).addEvents(event("gen_ai.evaluation.result", END,
                        text("gen_ai.evaluation.name", "stars"), number("gen_ai.evaluation.score.value", 4.0))))));
        assertThat(refused).contains("event gen_ai.evaluation.result[0].gen_ai.evaluation.score.value")
                .contains("between 0 and 1");
    }

    @Test
    void attributesOfTheWrongTypeAreRefusedNotConverted() {
        String refused = refusal(map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null, "invoke_agent", END,
                10, tightrope(13, "STABLE", number("gen_ai.usage.input_tokens", 900.0),
                        text("tightrope.cost_usd", "0.004"), text("tightrope.task_completed", "true"))))));
        assertThat(refused).contains("gen_ai.usage.input_tokens: must be an integer (intValue), not a doubleValue")
                .contains("tightrope.cost_usd: must be a number").contains("tightrope.task_completed");
    }

    @Test
    void aTightropeSpanThatCannotBePlacedIsRefusedWithTheReason() {
        SpanOutcomes.Mapped noVersion = map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null, "invoke_agent",
                END, 10, text("tightrope.agent", "support-bot"))));
        assertThat(refusal(noVersion)).contains("tightrope.version: is required");
        SpanOutcomes.Mapped unknownArm = map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null,
                "invoke_agent", END, 10, text("tightrope.agent", "support-bot"), whole("tightrope.version", 9))));
        assertThat(refusal(unknownArm)).contains("tightrope.arm: is required: version 9 is neither");
        SpanOutcomes.Mapped notDeployed = map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null,
                "invoke_agent", END, 10, text("tightrope.agent", "support-bot"), text("tightrope.environment", "eu"),
                whole("tightrope.version", 13), text("tightrope.arm", "STABLE"))));
        assertThat(notDeployed.entries().get(0).refusal().code()).isEqualTo(ErrorCode.NOT_FOUND);
        SpanOutcomes.Mapped noTimes = map(request(List.of(), span(TRACE, "00f067aa0ba902b7", null, "invoke_agent",
                END, 10, tightrope(13, "STABLE")).setStartTimeUnixNano(0).setEndTimeUnixNano(-1)));
        assertThat(refusal(noTimes)).contains("endTimeUnixNano: is after the year 2262")
                .contains("startTimeUnixNano: is required");
    }

    @Test
    void theBatchIdDependsOnTheAgentSpansOnlyNotOnTheirOrder() {
        var first = span(TRACE, "00000000000000a1", null, "invoke_agent", END, 10, tightrope(13, "STABLE"));
        var second = span(OTHER_TRACE, "00000000000000a2", null, "invoke_agent", END, 10, tightrope(14, "CANARY"));
        var noise = span(TRACE, "00000000000000a3", null, "db query", END, 10);
        String id = map(request(List.of(), first, second)).batchId();
        assertThat(map(request(List.of(), second, noise, first)).batchId()).isEqualTo(id);
        assertThat(map(request(List.of(), first)).batchId()).isNotEqualTo(id);
        SpanOutcomes.Mapped repeated = map(request(List.of(), first, first));
        assertThat(repeated.entries()).hasSize(1);
        assertThat(repeated.unmapped()).isEqualTo(Map.of(Unmapped.DUPLICATE_SPAN, 1));
    }

    @Test
    void variantsAreVAndAVersionNumber() {
        assertThat(SpanOutcomes.versionOfVariant("v14")).isEqualTo(14);
        assertThat(SpanOutcomes.versionOfVariant("v1")).isEqualTo(1);
        for (String notOne : List.of("v", "14", "v0", "v01", "V14", "v14a", "v-1", "v99999999999", "canary")) {
            assertThat(SpanOutcomes.versionOfVariant(notOne)).as(notOne).isNull();
        }
    }
}
