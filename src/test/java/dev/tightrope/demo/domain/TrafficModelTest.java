package dev.tightrope.demo.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The synthetic traffic: each version behaves as its profile says, the same seed gives the same traffic. */
class TrafficModelTest {

    private static final int N = 50_000;

    @Test
    void theRegressedVersionFailsAThirdOfItsRequestsAndIsSlower() {
        TrafficModel model = DemoScenario.traffic();
        Summary healthy = summarise(model, DemoScenario.GOOD_VERSION, new SplittableRandom(1));
        Summary regressed = summarise(model, DemoScenario.REGRESSED_VERSION, new SplittableRandom(2));
        assertThat(healthy.errorRate).isBetween(0.012, 0.018);
        assertThat(regressed.errorRate).isBetween(0.34, 0.36);
        assertThat(healthy.medianLatency).isBetween(1_170L, 1_230L);
        assertThat(regressed.medianLatency).isBetween(1_610L, 1_690L);
        // errors report no task completion; successes complete their task at the profile's rate
        assertThat(healthy.completionRate).isBetween(0.955, 0.965);
        assertThat(regressed.completionRate).isBetween(0.945, 0.955);
        // the default rule "task_completion_rate DROPS > 20%" must not fire by design, nor "cost > 3x BASELINE"
        assertThat(1 - regressed.completionRate / healthy.completionRate).isLessThan(0.05);
        assertThat(regressed.meanCost / healthy.meanCost).isBetween(1.2, 1.5);
    }

    @Test
    void otherVersionsBehaveLikeTheHealthyOne() {
        assertThat(DemoScenario.traffic().profile(7)).isEqualTo(DemoScenario.HEALTHY);
    }

    @Test
    void theSameSeedGivesTheSameTraffic() {
        TrafficModel model = DemoScenario.traffic();
        SplittableRandom first = new SplittableRandom(42);
        SplittableRandom second = new SplittableRandom(42);
        for (int i = 0; i < 100; i++) {
            assertThat(model.draw(2, first)).isEqualTo(model.draw(2, second));
        }
    }

    @Test
    void aProfileRefusesImpossibleFigures() {
        assertThatThrownBy(() -> new VersionProfile(1.5, 0.9, 1000, 0.3, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VersionProfile(0.1, 0.9, 0, 0.3, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePacerKeepsTheRateOverUnevenIntervals() {
        RequestPacer pacer = new RequestPacer(60);
        assertThat(pacer.due(Duration.ofMillis(500))).isEqualTo(30);
        int total = 0;
        for (int i = 0; i < 1000; i++) {
            total += pacer.due(Duration.ofMillis(7 + i % 13)); // 13 s in all
        }
        assertThat(total).isBetween(779, 781);
        assertThat(pacer.due(Duration.ZERO)).isZero();
        assertThat(pacer.due(Duration.ofMillis(-5))).isZero();
        assertThatThrownBy(() -> new RequestPacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private record Summary(double errorRate, double completionRate, long medianLatency, double meanCost) {
    }

    private static Summary summarise(TrafficModel model, int version, SplittableRandom random) {
        int errors = 0;
        int reported = 0;
        int completed = 0;
        long[] latencies = new long[N];
        double cost = 0;
        for (int i = 0; i < N; i++) {
            SyntheticOutcome outcome = model.draw(version, random);
            errors += outcome.error() ? 1 : 0;
            if (outcome.taskCompleted() != null) {
                reported++;
                completed += outcome.taskCompleted() ? 1 : 0;
            }
            assertThat(outcome.error()).isEqualTo(outcome.taskCompleted() == null);
            latencies[i] = outcome.latencyMs();
            cost += outcome.costUsd();
        }
        Arrays.sort(latencies);
        return new Summary(errors / (double) N, completed / (double) reported, latencies[N / 2], cost / N);
    }
}
