package dev.tightrope.rules.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Rule ROLLBACK = RuleParser.parse("IF error_rate > 15% FOR 2m THEN rollback");
    private static final Rule AT_ONCE = RuleParser.parse("IF error_rate > 15% THEN rollback COOLDOWN 10m");
    private static final Rule DROP = RuleParser.parse("IF task_completion_rate DROPS > 20% THEN alert");

    /** From a state (since T0), one evaluation at T0 + seconds seeing this error rate on this many samples. */
    @ParameterizedTest(name = "{0} since T0, at +{1}s sees {2} on {3} → {4} fired={5} resolved={6} act={7}")
    @CsvSource(textBlock = """
        OK,       5,   0.30, 100, PENDING,  false, false, false
        OK,       5,   0.10, 100, OK,       false, false, false
        OK,       5,   0.30, 19,  OK,       false, false, false
        PENDING,  60,  0.30, 100, PENDING,  false, false, false
        PENDING,  119, 0.30, 100, PENDING,  false, false, false
        PENDING,  120, 0.30, 100, FIRING,   true,  false, true
        PENDING,  125, 0.30, 100, FIRING,   true,  false, true
        PENDING,  60,  0.10, 100, OK,       false, false, false
        PENDING,  60,  0.30, 5,   OK,       false, false, false
        FIRING,   60,  0.30, 100, FIRING,   false, false, false
        FIRING,   60,  0.10, 5,   FIRING,   false, false, false
        FIRING,   60,  0.10, 100, RESOLVED, false, true,  false
        RESOLVED, 60,  0.10, 100, RESOLVED, false, false, false
        RESOLVED, 60,  0.30, 100, PENDING,  false, false, false
        """)
    void theStateMachine(RuleState from, long seconds, double errorRate, long samples, RuleState to, boolean fired,
            boolean resolved, boolean act) {
        RuleStatus previous = new RuleStatus(from, T0, from == RuleState.FIRING ? 1 : 0, null);
        RuleEvaluation.Step step = RuleEvaluation.next(ROLLBACK, previous,
                new Observation(errorRate, samples, Double.NaN), T0.plusSeconds(seconds));
        assertThat(step.status().state()).isEqualTo(to);
        assertThat(step.fired()).isEqualTo(fired);
        assertThat(step.resolved()).isEqualTo(resolved);
        assertThat(step.act()).isEqualTo(act);
    }

    @Test
    void forMeansEveryEvaluationOfTheDurationAndPendingSinceIsTheFirstOneThatSawIt() {
        RuleStatus status = RuleStatus.initial(T0);
        Instant firedAt = null;
        for (int i = 1; i <= 40 && firedAt == null; i++) {
            Instant now = T0.plusSeconds(5L * i);
            RuleEvaluation.Step step = RuleEvaluation.next(ROLLBACK, status, new Observation(0.30, 100, Double.NaN),
                    now);
            status = step.status();
            if (step.act()) {
                firedAt = now;
            }
        }
        // first seen at +5 s, so it fires at +5 s + 2 min: never earlier, and at most one interval after onset + FOR
        assertThat(firedAt).isEqualTo(T0.plusSeconds(125));
        assertThat(status.firings()).isEqualTo(1);
        assertThat(status.lastActionAt()).isEqualTo(firedAt);
    }

    @Test
    void aFiringWithinTheCooldownAlertsButDoesNotActAgain() {
        RuleStatus first = RuleEvaluation.next(AT_ONCE, RuleStatus.initial(T0), new Observation(0.3, 100, Double.NaN),
                T0).status();
        assertThat(first.state()).isEqualTo(RuleState.FIRING);
        RuleStatus resolved = RuleEvaluation.next(AT_ONCE, first, new Observation(0.01, 100, Double.NaN),
                T0.plusSeconds(60)).status();
        RuleEvaluation.Step again = RuleEvaluation.next(AT_ONCE, resolved, new Observation(0.3, 100, Double.NaN),
                T0.plusSeconds(120));
        assertThat(again.fired()).isTrue();
        assertThat(again.act()).as("within the 10 minutes").isFalse();
        assertThat(again.status().firings()).isEqualTo(2);
        assertThat(again.status().lastActionAt()).isEqualTo(T0);
        RuleStatus resolvedAgain = RuleEvaluation.next(AT_ONCE, again.status(), new Observation(0.01, 100,
                Double.NaN), T0.plusSeconds(180)).status();
        RuleEvaluation.Step later = RuleEvaluation.next(AT_ONCE, resolvedAgain, new Observation(0.3, 100,
                Double.NaN), T0.plus(Duration.ofMinutes(10)));
        assertThat(later.act()).isTrue();
        assertThat(later.status().firings()).isEqualTo(3);
    }

    @Test
    void relativeRulesNeedABaseline() {
        assertThat(RuleEvaluation.next(DROP, RuleStatus.initial(T0), new Observation(0.60, 100, 0.84), T0).fired())
                .as("a 28.6 % drop").isTrue();
        assertThat(RuleEvaluation.next(DROP, RuleStatus.initial(T0), new Observation(0.70, 100, 0.84), T0).fired())
                .as("a 16.7 % drop").isFalse();
        assertThat(RuleEvaluation.next(DROP, RuleStatus.initial(T0), new Observation(0.10, 100, Double.NaN), T0)
                .fired()).as("no baseline").isFalse();
    }

    @Test
    void aRequestRateRuleCountsTheMinutesRequestsAsItsSamplesAndFiresOnFewOrNone() {
        Rule rule = RuleParser.parse("IF request_rate < 5/s THEN alert");
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        dev.tightrope.telemetry.domain.BucketStats three = dev.tightrope.telemetry.domain.BucketStats.of(
                new long[] {3, 0, 0, 0, 0}, new double[10], new dev.tightrope.telemetry.domain.LatencyHistogram(),
                java.util.Map.of());
        Observation observation = RuleWindow.observe(rule, java.util.List.of(new RuleWindow.Slice(
                now.minusSeconds(20), three)), now, Double.NaN);
        // the samples were Long.MAX_VALUE, shown as such in alerts and Slack
        assertThat(observation.samples()).isEqualTo(3);
        assertThat(RuleEvaluation.next(rule, RuleStatus.initial(now), observation, now).fired()).isTrue();
        Observation none = RuleWindow.observe(rule, java.util.List.of(), now, Double.NaN);
        assertThat(none.samples()).isZero();
        assertThat(RuleEvaluation.next(rule, RuleStatus.initial(now), none, now).fired()).isTrue();
    }
}
