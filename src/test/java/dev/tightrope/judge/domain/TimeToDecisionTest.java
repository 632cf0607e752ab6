package dev.tightrope.judge.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TimeToDecisionTest {

    private static final double ALPHA = 0.01 / 6;
    private static final double STABLE = 0.84 * 0.16;
    private static final double CANARY = 0.71 * 0.29;
    private static final double PER_SECOND = 1_000 / 3_600.0;

    @Test
    void theSeedsTrafficNeedsHoursAtFivePercentAndAboutAnHourAtTwentyFive() {
        Duration atFive = TimeToDecision.estimate(STABLE, CANARY, 0.11, 0.05, PER_SECOND, 0, 150, ALPHA, 5_000);
        Duration atTwentyFive = TimeToDecision.estimate(STABLE, CANARY, 0.11, 0.25, PER_SECOND, 0, 150, ALPHA,
                5_000);
        assertThat(atFive).isEqualTo(Duration.ofSeconds((long) Math.ceil(5_329 / PER_SECOND)));
        assertThat(atTwentyFive).isEqualTo(Duration.ofSeconds((long) Math.ceil(1_343 / PER_SECOND)));
    }

    @Test
    void theEstimateIsTheFirstSampleAtWhichTheBoundClearsTheDistance() {
        for (double share : new double[] {0.05, 0.25, 0.5}) {
            long total = (long) (TimeToDecision.estimate(STABLE, CANARY, 0.11, share, 1, 0, 150, ALPHA, 5_000)
                    .toSeconds());
            assertThat(width(share, total)).as("at %d", total).isLessThanOrEqualTo(0.11);
            if (total > Math.ceil(150 / Math.min(share, 1 - share))) {
                assertThat(width(share, total - 1)).as("at %d", total - 1).isGreaterThan(0.11);
            }
        }
    }

    @Test
    void whatIsAlreadyObservedCountsAndTheMinimumSampleBinds() {
        Duration fresh = TimeToDecision.estimate(STABLE, CANARY, 0.11, 0.05, 1, 0, 150, ALPHA, 5_000);
        Duration halfway = TimeToDecision.estimate(STABLE, CANARY, 0.11, 0.05, 1, 2_000, 150, ALPHA, 5_000);
        assertThat(fresh.minus(halfway)).isEqualTo(Duration.ofSeconds(2_000));
        // a huge distance is cleared at once: the 150 per arm (3 000 requests at 5 %) is what it waits for
        assertThat(TimeToDecision.estimate(STABLE, CANARY, 5, 0.05, 1, 0, 150, ALPHA, 5_000))
                .isEqualTo(Duration.ofSeconds(3_000));
    }

    @Test
    void noEstimateWithoutDistanceTrafficOrTwoArms() {
        assertThat(TimeToDecision.estimate(STABLE, CANARY, 0, 0.05, 1, 0, 150, ALPHA, 5_000)).isNull();
        assertThat(TimeToDecision.estimate(STABLE, CANARY, 0.11, 0.05, 0, 0, 150, ALPHA, 5_000)).isNull();
        assertThat(TimeToDecision.estimate(STABLE, CANARY, 0.11, 1, 1, 0, 150, ALPHA, 5_000)).isNull();
        assertThat(TimeToDecision.estimate(STABLE, CANARY, 1e-9, 0.05, 1, 0, 150, ALPHA, 5_000)).isNull();
    }

    private static double width(double share, long total) {
        double variance = CANARY / (share * total) + STABLE / ((1 - share) * total);
        return ConfidenceSequence.oneSidedWidth(variance, total, ALPHA, 5_000);
    }
}
