package dev.tightrope.judge.domain;

import org.eclipse.microprofile.graphql.Description;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a rollout goes by itself: its steps, and what to do when the judge finds the canary worse.
 *
 * <ul>
 * <li>{@code steps}: the canary's weight per step, each held at least {@code minDuration} and until both arms have
 * {@code minSamplesPerArm} outcomes; after the last step the canary is promoted (100 %).</li>
 * <li>{@code metrics}: per judged metric its tolerance and the action when it FAILs ({@code ROLLBACK},
 * {@code PAUSE} or {@code ALERT}, which only reports).</li>
 * <li>{@code srmAction}: what a sample-ratio mismatch does (default PAUSE: the data cannot be trusted).</li>
 * <li>{@code lowTraffic}: when a step's minimum samples do not come within its minimum duration, the step is
 * extended up to {@code maxExtension}, then {@code HOLD} (stay, and say why), {@code ROLLBACK} or {@code PROCEED}.</li>
 * </ul>
 */
public record RolloutPlan(List<Step> steps, Map<Metric, MetricPolicy> metrics, Action srmAction,
        LowTraffic lowTraffic) {

    public RolloutPlan {
        steps = List.copyOf(steps);
        metrics = Map.copyOf(metrics);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one step");
        }
        int previous = 0;
        for (Step step : steps) {
            if (step.weight() <= previous || step.weight() >= 100) {
                throw new IllegalArgumentException("step weights rise from 1 to 99, each above the one before");
            }
            previous = step.weight();
        }
    }

    /** A step: weight in percent, held at least this long and until both arms have this many outcomes. */
    public record Step(int weight, Duration minDuration, long minSamplesPerArm) {
    }

    /** A metric's tolerance and what its FAIL does. */
    public record MetricPolicy(Tolerance tolerance, Action onFail) {
    }

    /** What an automated decision does to the rollout. */
    @Description("What an automated decision does to the rollout.")
    public enum Action {
        @Description("All traffic back to stable; the rollout ends as ROLLED_BACK.")
        ROLLBACK,
        @Description("The rollout stays at its weight until someone resumes it.")
        PAUSE,
        @Description("Only reports: the rollout goes on.")
        ALERT;

        /** The more drastic of two actions: ROLLBACK over PAUSE over ALERT. */
        Action worse(Action other) {
            return other == null || ordinal() <= other.ordinal() ? this : other;
        }
    }

    /** What a step does when its samples do not come. */
    public record LowTraffic(Duration maxExtension, LowTrafficAction then) {
    }

    @Description("What a step does when its minimum samples have not come by the end of its extension.")
    public enum LowTrafficAction {
        @Description("Stay at the weight, and say why.")
        HOLD,
        @Description("Roll the canary back.")
        ROLLBACK,
        @Description("Go on to the next step without the samples.")
        PROCEED
    }

    /**
     * The default plan: 5 % → 25 % → 50 % → promote, each step at least 10 minutes and 150 outcomes per arm; the
     * default tolerances ({@link JudgeSettings#defaultTolerances}), rolling back on errors, completion, latency and
     * tool errors and pausing on cost and eval score; PAUSE on a sample-ratio mismatch; low traffic extends a step
     * by up to 2 hours, then holds.
     */
    public static RolloutPlan defaultPlan() {
        Duration tenMinutes = Duration.ofMinutes(10);
        Map<Metric, MetricPolicy> metrics = new EnumMap<>(Metric.class);
        JudgeSettings.defaultTolerances().forEach((metric, tolerance) -> metrics.put(metric,
                new MetricPolicy(tolerance, metric == Metric.COST_PER_REQUEST || metric == Metric.EVAL_SCORE
                        ? Action.PAUSE : Action.ROLLBACK)));
        return new RolloutPlan(List.of(new Step(5, tenMinutes, 150), new Step(25, tenMinutes, 150),
                new Step(50, tenMinutes, 150)), metrics, Action.PAUSE,
                new LowTraffic(Duration.ofHours(2), LowTrafficAction.HOLD));
    }

    /** The tolerances to judge with. */
    public Map<Metric, Tolerance> tolerances() {
        Map<Metric, Tolerance> tolerances = new EnumMap<>(Metric.class);
        metrics.forEach((metric, policy) -> tolerances.put(metric, policy.tolerance()));
        return tolerances;
    }

    /** The index of the step at this weight, or -1 when no step has it. */
    public int stepAt(int weight) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).weight() == weight) {
                return i;
            }
        }
        return -1;
    }
}
