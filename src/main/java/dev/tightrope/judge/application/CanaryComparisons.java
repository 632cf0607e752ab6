package dev.tightrope.judge.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.judge.domain.ArmWindow;
import dev.tightrope.judge.domain.Judge;
import dev.tightrope.judge.domain.JudgeSettings;
import dev.tightrope.judge.domain.Judgement;
import dev.tightrope.judge.domain.Metric;
import dev.tightrope.judge.domain.MetricComparison;
import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.judge.domain.TimeToDecision;
import dev.tightrope.judge.domain.Verdict;
import dev.tightrope.judge.persistence.RolloutPlanStore;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.release.application.ActiveRollouts;
import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.persistence.RunningRolloutStore.ActiveRollout;
import dev.tightrope.telemetry.application.OutcomeWindows;
import dev.tightrope.telemetry.domain.BucketStats;
import io.smallrye.mutiny.Uni;

/**
 * Judges a rollout's canary against its stable version over the buckets of the current step (one weight: never
 * across steps, see {@link Judge}), with the rollout's plan's tolerances.
 */
@ApplicationScoped
public class CanaryComparisons {

    private final ActiveRollouts rollouts;
    private final RolloutPlanStore plans;
    private final OutcomeWindows windows;
    private final Judge judge;
    private final JudgeSettings settings;
    private final Clock clock;

    CanaryComparisons(ActiveRollouts rollouts, RolloutPlanStore plans, OutcomeWindows windows, JudgeConfig config,
            Clock clock) {
        this.rollouts = rollouts;
        this.plans = plans;
        this.windows = windows;
        this.settings = new JudgeSettings(config.alpha(), config.tuning(), config.minSamplesPerArm(),
                config.srmAlpha());
        this.judge = new Judge(settings);
        this.clock = clock;
    }

    /** The comparison of an active rollout; NOT_FOUND when it is not running or paused. */
    public Uni<CanaryComparison> of(long rolloutId) {
        return rollouts.active(rolloutId).chain(rollout -> {
            if (rollout == null) {
                return Uni.createFrom().failure(TightropeException.notFound("Rollout " + rolloutId
                        + " is not running (it ended, or there is no such rollout)"));
            }
            return plans.of(rolloutId).chain(plan -> of(rollout, plan));
        });
    }

    /** The comparison of this rollout under this plan (null: driven by hand, judged with the default tolerances). */
    public Uni<CanaryComparison> of(ActiveRollout rollout, RolloutPlan plan) {
        Instant now = clock.instant();
        Instant stepStart = rollout.weightSetAt();
        return windows.since(rollout.deploymentId(), rollout.stableVersion(), Arm.STABLE, stepStart, now)
                .chain(stable -> windows.since(rollout.deploymentId(), rollout.canaryVersion(), Arm.CANARY, stepStart,
                        now).map(canary -> compare(rollout, plan, stepStart, now, stable, canary)));
    }

    private CanaryComparison compare(ActiveRollout rollout, RolloutPlan plan, Instant stepStart, Instant now,
            BucketStats stable, BucketStats canary) {
        Map<Metric, dev.tightrope.judge.domain.Tolerance> tolerances = plan == null
                ? JudgeSettings.defaultTolerances() : plan.tolerances();
        Judgement judgement = judge.compare(window(stable), window(canary), rollout.weight() / 100.0, tolerances);
        int step = plan == null ? -1 : plan.stepAt(rollout.weight());
        return new CanaryComparison(rollout, plan, step, stepStart, now, stable, canary, judgement,
                estimates(judgement, plan, step, rollout.weight(), stable.requests() + canary.requests(),
                        Duration.between(stepStart, now), tolerances.size()));
    }

    private Map<Metric, Map<Integer, Duration>> estimates(Judgement judgement, RolloutPlan plan, int step,
            int weight, long observed, Duration elapsed, int metrics) {
        Map<Metric, Map<Integer, Duration>> estimates = new EnumMap<>(Metric.class);
        double seconds = Math.max(1, elapsed.toSeconds());
        double rate = observed / seconds;
        List<Integer> weights = new ArrayList<>();
        weights.add(weight);
        if (plan != null && step >= 0) {
            plan.steps().subList(step + 1, plan.steps().size()).forEach(s -> weights.add(s.weight()));
        }
        for (MetricComparison comparison : judgement.metrics()) {
            if (comparison.verdict() == Verdict.PASS || comparison.verdict() == Verdict.FAIL
                    || comparison.unreported()) {
                continue;
            }
            double harm = comparison.metric().harmSign() * comparison.effect();
            Map<Integer, Duration> byWeight = new LinkedHashMap<>();
            for (int w : weights) {
                Duration estimate = TimeToDecision.estimate(comparison.stable().variance(),
                        Judge.canaryVariance(comparison.metric(), comparison.stable(), comparison.canary(),
                                comparison.tolerance()), Math.abs(harm - comparison.tolerance()), w / 100.0, rate,
                        w == weight ? observed : 0, settings.minSamplesPerArm(), settings.alpha() / metrics,
                        settings.tuning());
                if (estimate != null) {
                    byWeight.put(w, estimate);
                }
            }
            estimates.put(comparison.metric(), byWeight);
        }
        return estimates;
    }

    private static ArmWindow window(BucketStats stats) {
        BucketStats.ToolStats tools = stats.tools().get("*");
        return new ArmWindow(stats.requests(), stats.errors(), stats.completions(), stats.completionReported(),
                stats.logLatencySum(), stats.logLatencySumSquares(), stats.costSum(), stats.costSumSquares(),
                stats.evalCount(), stats.evalSum(), stats.evalSumSquares(), tools == null ? 0 : tools.calls(),
                tools == null ? 0 : tools.errors());
    }
}
