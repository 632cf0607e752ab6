package dev.tightrope.judge.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tightrope.judge.domain.PlanDecision.Kind;

/** Every branch of the plan's decision, as a table: step, age, arms' samples, verdicts → what happens. */
class PlanDecisionTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final RolloutPlan PLAN = RolloutPlan.defaultPlan();

    private static ArmWindow.Sample sample(long n, double mean) {
        return new ArmWindow.Sample(n, mean, mean * (1 - mean));
    }

    private static MetricComparison comparison(Metric metric, long stableN, long canaryN, Verdict verdict) {
        return new MetricComparison(metric, sample(stableN, 0.012), sample(canaryN, 0.084), 0.072, 0.01, 0.13,
                0.01, verdict);
    }

    private static Judgement judgement(long stableN, long canaryN, boolean srm, Verdict errors, Verdict cost) {
        return new Judgement(List.of(comparison(Metric.ERROR_RATE, stableN, canaryN, errors),
                comparison(Metric.COST_PER_REQUEST, stableN, canaryN, cost)),
                new SampleRatio.Result(0.05, srm ? 0.2 : 0.05, srm ? 20 : 0, srm));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // step, minutes, stable n, canary n, srm, errors, cost → kind, weight
                Arguments.of(0, 3, 3_000, 160, false, Verdict.INCONCLUSIVE, Verdict.PASS, Kind.WAIT, 0),
                Arguments.of(0, 12, 3_000, 160, false, Verdict.INCONCLUSIVE, Verdict.PASS, Kind.ADVANCE, 25),
                Arguments.of(1, 12, 3_000, 900, false, Verdict.PASS, Verdict.PASS, Kind.ADVANCE, 50),
                Arguments.of(2, 12, 3_000, 3_000, false, Verdict.PASS, Verdict.PASS, Kind.PROMOTE, 100),
                Arguments.of(0, 3, 3_000, 160, false, Verdict.FAIL, Verdict.PASS, Kind.ROLLBACK, 0),
                Arguments.of(1, 30, 3_000, 900, false, Verdict.PASS, Verdict.FAIL, Kind.PAUSE, 0),
                Arguments.of(1, 30, 3_000, 900, false, Verdict.FAIL, Verdict.FAIL, Kind.ROLLBACK, 0),
                Arguments.of(0, 30, 3_000, 160, true, Verdict.FAIL, Verdict.PASS, Kind.PAUSE, 0),
                Arguments.of(0, 60, 3_000, 40, false, Verdict.INSUFFICIENT_DATA, Verdict.INSUFFICIENT_DATA,
                        Kind.WAIT, 0),
                Arguments.of(0, 131, 3_000, 40, false, Verdict.INSUFFICIENT_DATA, Verdict.INSUFFICIENT_DATA,
                        Kind.HOLD, 0));
    }

    @ParameterizedTest(name = "step {0}, {1} min, {2}/{3}, srm {4}, errors {5}, cost {6} → {7}")
    @MethodSource("table")
    void decides(int step, int minutes, long stableN, long canaryN, boolean srm, Verdict errors, Verdict cost,
            Kind kind, int weight) {
        PlanDecision decision = PlanDecision.decide(PLAN, step, START, START.plus(Duration.ofMinutes(minutes)),
                judgement(stableN, canaryN, srm, errors, cost));
        assertThat(decision.kind()).isEqualTo(kind);
        assertThat(decision.weight()).isEqualTo(weight);
    }

    @ParameterizedTest
    @MethodSource("lowTrafficPolicies")
    void theLowTrafficPolicyDecidesWhenTheSamplesNeverCome(RolloutPlan.LowTrafficAction then, Kind kind) {
        RolloutPlan plan = new RolloutPlan(PLAN.steps(), PLAN.metrics(), RolloutPlan.Action.PAUSE,
                new RolloutPlan.LowTraffic(Duration.ofMinutes(30), then));
        PlanDecision decision = PlanDecision.decide(plan, 0, START, START.plus(Duration.ofMinutes(41)),
                judgement(3_000, 20, false, Verdict.INSUFFICIENT_DATA, Verdict.INSUFFICIENT_DATA));
        assertThat(decision.kind()).isEqualTo(kind);
        assertThat(decision.reason()).contains("low traffic: 20 of 150 outcomes");
    }

    static Stream<Arguments> lowTrafficPolicies() {
        return Stream.of(Arguments.of(RolloutPlan.LowTrafficAction.HOLD, Kind.HOLD),
                Arguments.of(RolloutPlan.LowTrafficAction.ROLLBACK, Kind.ROLLBACK),
                Arguments.of(RolloutPlan.LowTrafficAction.PROCEED, Kind.ADVANCE));
    }

    @org.junit.jupiter.api.Test
    void anAlertOnlyFailureReportsAndLetsTheStepsGoOn() {
        RolloutPlan plan = new RolloutPlan(PLAN.steps(), Map.of(Metric.ERROR_RATE, new RolloutPlan.MetricPolicy(
                Tolerance.absolute(0.01), RolloutPlan.Action.ALERT)), RolloutPlan.Action.PAUSE, PLAN.lowTraffic());
        PlanDecision decision = PlanDecision.decide(plan, 0, START, START.plus(Duration.ofMinutes(12)),
                judgement(3_000, 160, false, Verdict.FAIL, Verdict.PASS));
        assertThat(decision.kind()).isEqualTo(Kind.ADVANCE);
        assertThat(decision.alerts()).singleElement().asString().startsWith("ERROR_RATE FAIL: canary 8.40 % vs "
                + "stable 1.20 % (+7.20 points");
    }
}
