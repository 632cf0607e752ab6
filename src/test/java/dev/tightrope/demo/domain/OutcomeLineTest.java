package dev.tightrope.demo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** The NDJSON line of an outcome carries every field docs/outcomes.md asks for, as JSON. */
class OutcomeLineTest {

    @Test
    void aCanaryErrorLeavesTaskCompletionOut() {
        String line = OutcomeLine.render("demo-support-bot", "production", 2, LocalRouting.Arm.CANARY, 5, "12",
                Instant.parse("2026-12-01T10:00:07.250Z"), new SyntheticOutcome(true, null, 1834, 0.0061, 1200, 250));
        assertThat(line).doesNotContain("\n");
        JsonObject json = new JsonObject(line);
        assertThat(json.getMap()).containsOnlyKeys("agent", "environment", "version", "arm", "generation", "rolloutId",
                "occurredAt", "status", "latencyMs", "costUsd", "inputTokens", "outputTokens");
        assertThat(json.getString("arm")).isEqualTo("CANARY");
        assertThat(json.getString("status")).isEqualTo("ERROR");
        assertThat(json.getString("occurredAt")).isEqualTo("2026-12-01T10:00:07.250Z");
        assertThat(json.getDouble("costUsd")).isEqualTo(0.0061);
        assertThat(json.getLong("generation")).isEqualTo(5);
    }

    @Test
    void aStableSuccessWithoutRolloutSaysWhetherTheTaskWasDone() {
        JsonObject json = new JsonObject(OutcomeLine.render("a\"b", "production", 1, LocalRouting.Arm.STABLE, 3, null,
                Instant.EPOCH, new SyntheticOutcome(false, true, 900, 0.004, 950, 180)));
        assertThat(json.getString("agent")).isEqualTo("a\"b");
        assertThat(json.containsKey("rolloutId")).isFalse();
        assertThat(json.getBoolean("taskCompleted")).isTrue();
        assertThat(json.getString("status")).isEqualTo("SUCCESS");
    }
}
