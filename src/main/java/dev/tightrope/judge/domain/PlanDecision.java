package dev.tightrope.judge.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the scheduler does with a running rollout after one judgement: a pure function of the plan, the step, the
 * time and the judgement, so every branch is tested without a clock or a database.
 *
 * <pre>
 *   sample-ratio mismatch                        → the plan's srmAction (default PAUSE)
 *   a metric FAILs                               → the most drastic onFail of the failing metrics
 *                                                  (ALERT only reports; the steps go on)
 *   step younger than its minimum duration       → WAIT
 *   too few samples on an arm                    → WAIT, until minDuration + maxExtension, then
 *                                                  HOLD / ROLLBACK / PROCEED (the low-traffic policy)
 *   otherwise, not the last step                 → ADVANCE to the next step's weight
 *   otherwise                                    → PROMOTE
 * </pre>
 *
 * @param weight  the new weight of an ADVANCE, else 0
 * @param alerts  findings to report whatever the action (failures whose action is ALERT)
 * @param reason  the evidence, for the deployment event
 */
public record PlanDecision(Kind kind, int weight, String reason, List<String> alerts) {

    public enum Kind { WAIT, HOLD, ADVANCE, PROMOTE, ROLLBACK, PAUSE }

    public PlanDecision {
        alerts = List.copyOf(alerts);
    }

    /** Whether the decision changes traffic. */
    public boolean acts() {
        return kind == Kind.ADVANCE || kind == Kind.PROMOTE || kind == Kind.ROLLBACK || kind == Kind.PAUSE;
    }

    public static PlanDecision decide(RolloutPlan plan, int stepIndex, Instant stepStartedAt, Instant now,
            Judgement judgement) {
        if (judgement.sampleRatio().mismatch()) {
            SampleRatio.Result srm = judgement.sampleRatio();
            String reason = String.format(Locale.ROOT, "sample ratio mismatch: the canary got %.1f %% of requests, "
                    + "%.1f %% expected; reporting or bucketing is broken", 100 * srm.observedShare(),
                    100 * srm.expectedShare());
            return of(plan.srmAction(), reason, List.of());
        }
        RolloutPlan.Action failed = null;
        List<String> failures = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (MetricComparison comparison : judgement.metrics()) {
            if (comparison.verdict() != Verdict.FAIL) {
                continue;
            }
            RolloutPlan.MetricPolicy policy = plan.metrics().get(comparison.metric());
            RolloutPlan.Action action = policy == null ? RolloutPlan.Action.ALERT : policy.onFail();
            (action == RolloutPlan.Action.ALERT ? alerts : failures).add(Evidence.of(comparison));
            if (action != RolloutPlan.Action.ALERT) {
                failed = action.worse(failed);
            }
        }
        if (failed != null) {
            return of(failed, "judge: " + String.join("; ", failures), alerts);
        }
        RolloutPlan.Step step = plan.steps().get(stepIndex);
        Duration age = Duration.between(stepStartedAt, now);
        if (age.compareTo(step.minDuration()) < 0) {
            return new PlanDecision(Kind.WAIT, 0, "step " + (stepIndex + 1) + " runs for "
                    + step.minDuration().toMinutes() + " min at least", alerts);
        }
        long fewest = requestsOnTheSmallerArm(judgement);
        if (fewest < step.minSamplesPerArm()) {
            Duration limit = step.minDuration().plus(plan.lowTraffic().maxExtension());
            String lowTraffic = "low traffic: " + fewest + " of " + step.minSamplesPerArm() + " outcomes on the "
                    + "smaller arm after " + age.toMinutes() + " min";
            if (age.compareTo(limit) < 0) {
                return new PlanDecision(Kind.WAIT, 0, lowTraffic + "; step extended", alerts);
            }
            return switch (plan.lowTraffic().then()) {
                case HOLD -> new PlanDecision(Kind.HOLD, 0, lowTraffic + "; holding (low-traffic policy)", alerts);
                case ROLLBACK -> new PlanDecision(Kind.ROLLBACK, 0, lowTraffic + "; rolling back (low-traffic "
                        + "policy)", alerts);
                case PROCEED -> next(plan, stepIndex, lowTraffic + "; proceeding (low-traffic policy)", alerts);
            };
        }
        return next(plan, stepIndex, "step " + (stepIndex + 1) + " passed: no metric worse beyond its tolerance "
                + "after " + age.toMinutes() + " min and " + fewest + " outcomes on the smaller arm", alerts);
    }

    /** Requests of the smaller arm: the sample of the error rate or of latency (both count every request). */
    private static long requestsOnTheSmallerArm(Judgement judgement) {
        MetricComparison requests = judgement.of(Metric.ERROR_RATE) != null ? judgement.of(Metric.ERROR_RATE)
                : judgement.of(Metric.LATENCY);
        return requests == null ? 0 : Math.min(requests.stable().n(), requests.canary().n());
    }

    private static PlanDecision next(RolloutPlan plan, int stepIndex, String reason, List<String> alerts) {
        if (stepIndex + 1 < plan.steps().size()) {
            return new PlanDecision(Kind.ADVANCE, plan.steps().get(stepIndex + 1).weight(), reason, alerts);
        }
        return new PlanDecision(Kind.PROMOTE, 100, reason, alerts);
    }

    private static PlanDecision of(RolloutPlan.Action action, String reason, List<String> alerts) {
        return switch (action) {
            case ROLLBACK -> new PlanDecision(Kind.ROLLBACK, 0, reason, alerts);
            case PAUSE -> new PlanDecision(Kind.PAUSE, 0, reason, alerts);
            case ALERT -> {
                List<String> all = new ArrayList<>(alerts);
                all.add(reason);
                yield new PlanDecision(Kind.WAIT, 0, reason, all);
            }
        };
    }
}
