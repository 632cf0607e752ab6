package dev.tightrope.judge.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.judge.persistence.RolloutPlanStore;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.judge.persistence.PlanJson;
import dev.tightrope.release.application.Clearance;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;

/**
 * Starts rollouts, by hand or with a plan:
 * <ul>
 * <li>a weight and no plan: a rollout driven by hand, as it always was;</li>
 * <li>a plan: the rollout starts at the plan's first weight and the scheduler drives it ({@link RolloutJudge}); a
 * weight given as well must be that first weight;</li>
 * <li>neither: the default plan ({@link RolloutPlan#defaultPlan}: 5 → 25 → 50 → promote).</li>
 * </ul>
 * The plan is stored after the start is committed; a retried start (same idempotency key) stores it if the first
 * attempt could not.
 */
@ApplicationScoped
public class PlannedRollouts {

    private final TrafficService traffic;
    private final RolloutPlanStore plans;
    private final Clock clock;

    PlannedRollouts(TrafficService traffic, RolloutPlanStore plans, Clock clock) {
        this.traffic = traffic;
        this.plans = plans;
        this.clock = clock;
    }

    /** What to start. {@code weight} and {@code plan} may each be null (see the class comment). */
    public record Start(String agent, String environment, int version, Integer weight, RolloutPlan plan,
            Long expectedGeneration, String idempotencyKey, String reason, Trigger trigger, String actor) {
    }

    public Uni<DeploymentEvent> start(Start start) {
        return start(start, Clearance.NONE);
    }

    /** {@link #start(Start)} with what the change brings to the release guard (see {@link Clearance}). */
    public Uni<DeploymentEvent> start(Start start, Clearance clearance) {
        RolloutPlan plan = planOf(start.weight(), start.plan());
        int weight = firstWeight(start.weight(), start.plan());
        TrafficRequest request = new TrafficRequest(start.agent(), start.environment(),
                new TrafficCommand.StartRollout(start.version(), weight, null), start.expectedGeneration(),
                start.idempotencyKey(), start.reason(), start.trigger(), start.actor());
        return traffic.change(request, clearance).call(event -> plan == null || event.rolloutId() == null
                ? Uni.createFrom().voidItem() : plans.attach(event.rolloutId(), plan, clock.instant()));
    }

    /** The plan a start follows: the one given, the default one when neither it nor a weight is, else none. */
    public static RolloutPlan planOf(Integer weight, RolloutPlan plan) {
        return plan != null ? plan : weight == null ? RolloutPlan.defaultPlan() : null;
    }

    /**
     * The weight a start begins at: the plan's first step, or the weight given without a plan; VALIDATION for a
     * weight that is not the plan's first step.
     */
    public static int firstWeight(Integer weight, RolloutPlan plan) {
        RolloutPlan followed = planOf(weight, plan);
        if (followed == null) {
            return weight;
        }
        int first = followed.steps().get(0).weight();
        if (weight != null && weight != first) {
            throw TightropeException.validation("weight " + weight + " is not the plan's first step (" + first
                    + " %); leave weight out, or make it the first step");
        }
        return first;
    }

    /** A plan as JSON text, to be kept elsewhere until its rollout starts (a change request). */
    public static String planJson(RolloutPlan plan) {
        return PlanJson.write(plan);
    }

    /** A plan kept by {@link #planJson}. */
    public static RolloutPlan readPlan(String json) {
        return PlanJson.read(json);
    }
}
