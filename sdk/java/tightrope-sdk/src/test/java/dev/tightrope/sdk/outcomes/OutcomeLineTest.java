package dev.tightrope.sdk.outcomes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.tightrope.sdk.json.Json;
import dev.tightrope.sdk.routing.Decision;
import dev.tightrope.sdk.routing.RoutingConfig;
import dev.tightrope.sdk.testing.FakeTightrope;

class OutcomeLineTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:07.123456789Z");

    private static Decision decision(String key) {
        return RoutingConfig.parse(FakeTightrope.config(3, 100, "salt-1", 2)).route(key, new SplittableRandom(1));
    }

    @Test
    void hasTheFieldsOfTheOtherSdksInTheirOrder() {
        Outcome outcome = Outcome.success(decision("user-42"), 812).taskCompleted(true).costUsd(0.002)
                .inputTokens(900).outputTokens(210).evalScore(0.75)
                .toolCall("lookup_order", OutcomeStatus.ERROR, 310).build();
        assertEquals("{\"agent\":\"support-bot\",\"environment\":\"production\",\"version\":2,\"arm\":\"CANARY\","
                + "\"generation\":3,\"occurredAt\":\"2026-12-01T10:00:07.123Z\",\"status\":\"SUCCESS\","
                + "\"latencyMs\":812.0,\"rolloutId\":\"7\",\"routingKey\":\"user-42\",\"taskCompleted\":true,"
                + "\"costUsd\":0.002,\"inputTokens\":900,\"outputTokens\":210,\"toolCalls\":[{\"tool\":\"lookup_order\","
                + "\"status\":\"ERROR\",\"latencyMs\":310.0}],\"evalScore\":0.75}", OutcomeLine.toJson(outcome, NOW));
    }

    @Test
    void leavesOutWhatIsNotSetAndARoutingKeyTheServerWouldNotKeep() {
        Instant occurred = Instant.parse("2026-12-01T09:59:00Z");
        Map<String, Object> line = Json.parseObject(OutcomeLine.toJson(
                Outcome.error(decision("k".repeat(201)), 5).occurredAt(occurred).build(), NOW));
        assertEquals(List.of("agent", "environment", "version", "arm", "generation", "occurredAt", "status",
                "latencyMs", "rolloutId"), List.copyOf(line.keySet()));
        assertEquals("2026-12-01T09:59:00Z", line.get("occurredAt"));
        assertEquals("k".repeat(200), Json.parseObject(OutcomeLine.toJson(
                Outcome.error(decision("k".repeat(200)), 5).build(), NOW)).get("routingKey"));
        assertFalse(Json.parseObject(OutcomeLine.toJson(Outcome.error(decision(null), 5).build(), NOW))
                .containsKey("routingKey"), "a keyless decision has none");
        assertFalse(Json.parseObject(OutcomeLine.toJson(Outcome.error(decision("lone-\uD800"), 5).build(), NOW))
                .containsKey("routingKey"), "the server refuses unpaired surrogates");
        assertFalse(Json.parseObject(OutcomeLine.toJson(Outcome.error(decision("nul-\u0000-key"), 5).build(), NOW))
                .containsKey("routingKey"), "the server refuses U+0000");
        assertEquals("pair-🚀", Json.parseObject(OutcomeLine.toJson(Outcome.error(decision("pair-🚀"), 5).build(),
                NOW)).get("routingKey"));
    }

    @Test
    void refusesProgrammingErrorsAtOnce() {
        assertEquals("an outcome needs the decision route() returned",
                assertThrows(NullPointerException.class, () -> Outcome.success(null, 1)).getMessage());
        assertThrows(NullPointerException.class, () -> Outcome.builder(decision("k"), null, 1));
        assertEquals("an outcome's latencyMs must be a finite number, was NaN",
                assertThrows(IllegalArgumentException.class, () -> Outcome.success(decision("k"), Double.NaN))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Outcome.success(decision("k"), 1).costUsd(
                Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new ToolCall("t", OutcomeStatus.SUCCESS, Double.NaN));
    }
}
