package dev.tightrope.judge.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.tightrope.judge.domain.Judgement;
import dev.tightrope.judge.domain.Metric;
import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.release.persistence.RunningRolloutStore.ActiveRollout;
import dev.tightrope.telemetry.domain.BucketStats;

/**
 * The live comparison of a rollout's canary with its stable version over the current step.
 *
 * @param plan           the rollout's plan, or null for a rollout driven by hand (then the default tolerances)
 * @param stepIndex      the plan step of the current weight, or -1
 * @param stepStartedAt  when the current weight was set: the window starts at the first bucket after it
 * @param estimates      per metric without a verdict yet, the estimated time to one at each weight of the plan
 *                       still to come (the current weight first)
 */
public record CanaryComparison(ActiveRollout rollout, RolloutPlan plan, int stepIndex, Instant stepStartedAt,
        Instant judgedAt, BucketStats stable, BucketStats canary, Judgement judgement,
        Map<Metric, Map<Integer, Duration>> estimates) {

    /** How long the current step still has to run at least (zero once its minimum duration is over). */
    public Duration stepTimeLeft() {
        if (plan == null || stepIndex < 0) {
            return Duration.ZERO;
        }
        Duration left = plan.steps().get(stepIndex).minDuration().minus(Duration.between(stepStartedAt, judgedAt));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
