package dev.tightrope.judge.graphql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import dev.tightrope.judge.domain.Metric;
import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.judge.domain.Tolerance;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/** A rollout plan as {@code startRollout} takes it; what is left out comes from the default plan. */
@Description("How the judge drives a rollout: its steps, the metrics it judges and what their failures do. Every "
        + "field has a default.")
@Input("RolloutPlanInput")
public class RolloutPlanInput {

    @Description("The canary's weight per step, rising, 1 to 99; after the last the canary is promoted. "
            + "Default 5, 25, 50.")
    public List<@NonNull StepInput> steps;

    @Description("Per metric its tolerance and action (at least one); metrics left out are not judged. Default: all "
            + "six.")
    public List<@NonNull MetricPolicyInput> metrics;

    @Description("What a sample-ratio mismatch does. Default PAUSE.")
    public RolloutPlan.Action srmAction;

    @Description("How long a step waits for its minimum samples beyond its minimum duration. Default 120.")
    public Integer lowTrafficExtensionMinutes;

    @Description("What then. Default HOLD.")
    public RolloutPlan.LowTrafficAction lowTrafficThen;

    /** One step. */
    @Description("One step of a rollout plan.")
    @Input("RolloutStepInput")
    public static class StepInput {
        @Description("The canary's weight in this step, in percent (1 to 99, above the step before).")
        @NonNull
        public int weight;
        @Description("At least this long at this weight. Default 10.")
        public Integer minDurationMinutes;
        @Description("And until both arms have this many outcomes. Default 150.")
        public Integer minSamplesPerArm;
    }

    /** One metric's policy. */
    @Description("How one metric is judged.")
    @Input("MetricPolicyInput")
    public static class MetricPolicyInput {
        @Description("The metric.")
        @NonNull
        public Metric metric;
        @NonNull
        @Description("How much worse the canary may be: absolute (0.01 is a point of error rate) or relative.")
        public double tolerance;
        @Description("Relative to the stable arm (0.10 is 10 %). Default false.")
        public Boolean relative;
        @Description("What a FAIL does. Default ROLLBACK.")
        public RolloutPlan.Action onFail;
    }

    /** The plan, or VALIDATION listing every broken rule. */
    public RolloutPlan toPlan() {
        RolloutPlan defaults = RolloutPlan.defaultPlan();
        List<Violation> violations = new ArrayList<>();
        List<RolloutPlan.Step> planSteps = new ArrayList<>();
        if (steps == null) {
            planSteps.addAll(defaults.steps());
        } else if (steps.isEmpty() || steps.size() > 10) {
            violations.add(new Violation("plan.steps", "must have 1 to 10 steps"));
        } else {
            int previous = 0;
            for (int i = 0; i < steps.size(); i++) {
                StepInput step = steps.get(i);
                String path = "plan.steps[" + i + "]";
                if (step.weight <= previous || step.weight > 99) {
                    violations.add(new Violation(path + ".weight", "must be above the step before and at most 99"));
                }
                previous = step.weight;
                int minutes = step.minDurationMinutes == null ? 10 : step.minDurationMinutes;
                int samples = step.minSamplesPerArm == null ? 150 : step.minSamplesPerArm;
                if (minutes < 0 || minutes > 7 * 24 * 60) {
                    violations.add(new Violation(path + ".minDurationMinutes", "must be 0 to 10080 (a week)"));
                }
                if (samples < 1 || samples > 10_000_000) {
                    violations.add(new Violation(path + ".minSamplesPerArm", "must be 1 to 10000000"));
                }
                planSteps.add(new RolloutPlan.Step(step.weight, Duration.ofMinutes(minutes), samples));
            }
        }
        Map<Metric, RolloutPlan.MetricPolicy> policies = new EnumMap<>(Metric.class);
        if (metrics == null) {
            policies.putAll(defaults.metrics());
        } else if (metrics.isEmpty()) {
            // a plan that judges nothing would never find a step passed, and nothing would say so
            violations.add(new Violation("plan.metrics", "is empty, so nothing would be judged and the rollout would "
                    + "never move on; leave metrics out for the default six, or name at least one"));
        } else {
            java.util.Set<Metric> named = java.util.EnumSet.noneOf(Metric.class);
            for (int i = 0; i < metrics.size(); i++) {
                MetricPolicyInput policy = metrics.get(i);
                String path = "plan.metrics[" + i + "]";
                boolean relative = Boolean.TRUE.equals(policy.relative);
                // each rule on its own, so that every broken one is reported, however many there are
                if (!named.add(policy.metric)) {
                    violations.add(new Violation(path + ".metric", policy.metric + " is given twice"));
                }
                if (!Double.isFinite(policy.tolerance) || policy.tolerance < 0
                        || policy.tolerance > (relative ? 10 : 1_000_000)) {
                    violations.add(new Violation(path + ".tolerance", "must be 0 or more (relative: at most 10)"));
                } else {
                    policies.putIfAbsent(policy.metric, new RolloutPlan.MetricPolicy(relative
                            ? Tolerance.relative(policy.tolerance) : Tolerance.absolute(policy.tolerance),
                            policy.onFail == null ? RolloutPlan.Action.ROLLBACK : policy.onFail));
                }
            }
        }
        int extension = lowTrafficExtensionMinutes == null ? 120 : lowTrafficExtensionMinutes;
        if (extension < 0 || extension > 7 * 24 * 60) {
            violations.add(new Violation("plan.lowTrafficExtensionMinutes", "must be 0 to 10080 (a week)"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        return new RolloutPlan(planSteps, policies, srmAction == null ? defaults.srmAction() : srmAction,
                new RolloutPlan.LowTraffic(Duration.ofMinutes(extension),
                        lowTrafficThen == null ? defaults.lowTraffic().then() : lowTrafficThen));
    }
}
