package dev.tightrope.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.release.domain.Arm;

class OutcomeRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(14);
    private static final OutcomeRules.VersionLookup NO_HISTORY = (agent, environment, generation, arm) -> null;

    private static RawOutcome raw(Integer version, String arm, Long generation, Double latencyMs) {
        return new RawOutcome("support-bot", "production", version, arm, generation, null, "user-1",
                NOW.minusSeconds(5), "SUCCESS", true, latencyMs, 0.002, 120L, 80L,
                List.of(new RawOutcome.RawToolCall("lookup_order", "ERROR", 35.0)), 0.9);
    }

    @Test
    void aCompleteOutcomeIsTakenAsSent() {
        Outcome outcome = OutcomeRules.check(raw(14, "CANARY", 7L, 2100.0), "", NOW, RETENTION, NO_HISTORY);
        assertThat(outcome.version()).isEqualTo(14);
        assertThat(outcome.arm()).isEqualTo(Arm.CANARY);
        assertThat(outcome.tokens()).isEqualTo(200);
        assertThat(outcome.toolCalls()).containsExactly(new ToolCall("lookup_order", OutcomeStatus.ERROR, 35.0));
    }

    @Test
    void withoutAVersionTheGenerationAndArmAreLookedUp() {
        OutcomeRules.VersionLookup history = (agent, environment, generation, arm) ->
                generation == 7 && arm == Arm.CANARY ? 14 : null;
        assertThat(OutcomeRules.check(raw(null, "CANARY", 7L, 10.0), "", NOW, RETENTION, history).version())
                .isEqualTo(14);
        assertThatThrownBy(() -> OutcomeRules.check(raw(null, "CANARY", 6L, 10.0), "", NOW, RETENTION, history))
                .hasMessageContaining("generation 6 of support-bot/production is not known here");
        assertThatThrownBy(() -> OutcomeRules.check(raw(null, "CANARY", null, 10.0), "", NOW, RETENTION, history))
                .hasMessageContaining("version: is required (or give generation and arm");
    }

    @Test
    void everyBrokenRuleIsReportedAtOnceWithItsPath() {
        RawOutcome bad = new RawOutcome("Support Bot", null, 0, "BLUE", 0L, null, "k".repeat(201),
                NOW.plusSeconds(3600), "MAYBE", null, -1.0, 20_000.0, -5L, null,
                List.of(new RawOutcome.RawToolCall("bad name!", null, null)), 1.5);
        TightropeException error = (TightropeException) catchThrowable(
                () -> OutcomeRules.check(bad, "line 3", NOW, RETENTION, NO_HISTORY));
        assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) error.details().get("violations");
        assertThat(violations).extracting(v -> v.get("path")).containsExactlyInAnyOrder(
                "line 3.agent", "line 3.environment", "line 3.arm", "line 3.generation", "line 3.version",
                "line 3.status", "line 3.occurredAt", "line 3.latencyMs", "line 3.costUsd", "line 3.inputTokens",
                "line 3.evalScore", "line 3.routingKey", "line 3.toolCalls[0].tool", "line 3.toolCalls[0].status");
    }

    @Test
    void anOutcomeOlderThanTheRetentionIsRefused() {
        RawOutcome old = new RawOutcome("support-bot", "production", 1, "STABLE", null, null, null,
                NOW.minus(Duration.ofDays(15)), "ERROR", null, 5.0, null, null, null, null, null);
        assertThatThrownBy(() -> OutcomeRules.check(old, "", NOW, RETENTION, NO_HISTORY))
                .hasMessageContaining("older than the retention of 14 days");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"support-bot,true", "a1,true", "0a,true", "a,false", "-ab,false",
        "Ab,false", "a_b,false", "ab-,true", "a b,false"})
    void slugsAreCheckedAsTheirPatternSays(String value, boolean slug) {
        assertThat(OutcomeRules.isSlug(value)).isEqualTo(slug);
        assertThat(OutcomeRules.isSlug(value)).isEqualTo(value.matches("^[a-z0-9][a-z0-9-]{1,62}$"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lookup_order", "search.v2", "a-b", "x", "bad name",
        "naïve", "semi;colon"})
    void toolNamesAreCheckedAsTheirPatternSays(String value) {
        assertThat(OutcomeRules.isToolName(value)).isEqualTo(value.matches("^[A-Za-z0-9_.-]{1,64}$"));
    }

    private static Throwable catchThrowable(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no error");
    }
}
