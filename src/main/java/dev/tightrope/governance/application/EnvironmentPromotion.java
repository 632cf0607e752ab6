package dev.tightrope.governance.application;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.governance.domain.PromotionMode;
import dev.tightrope.judge.application.PlannedRollouts;
import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.release.application.Clearance;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;

/**
 * Promotion between environments: the version that is stable in {@code from} is deployed to {@code to}, or started
 * there as a rollout, through the same release service as every change, so the target's freezes, soak and approval
 * rules hold as for a deploy or startRollout of that version.
 */
@ApplicationScoped
public class EnvironmentPromotion {

    /** What to promote. {@code weight} and {@code plan} are for ROLLOUT, as startRollout takes them. */
    public record Promotion(String agent, String from, String to, PromotionMode mode, Integer weight,
            RolloutPlan plan, Long expectedGeneration, String idempotencyKey, String reason, Trigger trigger,
            String actor) {
    }

    private final DeploymentQueries deployments;
    private final TrafficService traffic;
    private final PlannedRollouts rollouts;

    EnvironmentPromotion(DeploymentQueries deployments, TrafficService traffic, PlannedRollouts rollouts) {
        this.deployments = deployments;
        this.traffic = traffic;
        this.rollouts = rollouts;
    }

    /** The version stable in {@code from} now; NOT_FOUND when nothing is. */
    public Uni<Integer> stableVersion(String agent, String from) {
        return deployments.deployment(agent, from).map(deployment -> {
            if (deployment == null || deployment.state().stableVersion() == null) {
                throw TightropeException.notFound("Agent '" + agent + "' has no stable version in " + from
                        + " to promote");
            }
            return deployment.state().stableVersion();
        });
    }

    public Uni<DeploymentEvent> promote(Promotion promotion, Clearance clearance) {
        check(promotion.agent(), promotion.from(), promotion.to(), promotion.mode(), promotion.weight(),
                promotion.plan());
        return stableVersion(promotion.agent(), promotion.from())
                .chain(version -> release(promotion, version, clearance));
    }

    /** Releases exactly {@code version} (the one found stable in {@code from}) to {@code to}. */
    Uni<DeploymentEvent> release(Promotion promotion, int version, Clearance clearance) {
        String reason = reason(promotion.reason(), promotion.from(), version);
        if (promotion.mode() == PromotionMode.ROLLOUT) {
            return rollouts.start(new PlannedRollouts.Start(promotion.agent(), promotion.to(), version,
                    promotion.weight(), promotion.plan(), promotion.expectedGeneration(), promotion.idempotencyKey(),
                    reason, promotion.trigger(), promotion.actor()), clearance);
        }
        return traffic.change(new TrafficRequest(promotion.agent(), promotion.to(), new TrafficCommand.Deploy(version),
                promotion.expectedGeneration(), promotion.idempotencyKey(), reason, promotion.trigger(),
                promotion.actor()), clearance);
    }

    /** {@code promoted from staging (version 14)}, after the caller's own reason. */
    static String reason(String reason, String from, int version) {
        return TrafficService.withNote(reason, " — ", "promoted from " + from + " (version " + version + ")");
    }

    static void check(String agent, String from, String to, PromotionMode mode, Integer weight, RolloutPlan plan) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("agent", agent, violations);
        AgentRules.checkSlug("from", from, violations);
        AgentRules.checkSlug("to", to, violations);
        if (from != null && from.equals(to)) {
            violations.add(new Violation("to", "must be another environment than from"));
        }
        if (mode == null) {
            violations.add(new Violation("mode", "is required: DEPLOY or ROLLOUT"));
        } else if (mode == PromotionMode.DEPLOY && (weight != null || plan != null)) {
            violations.add(new Violation(weight != null ? "weight" : "plan", "is for mode ROLLOUT only"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }
}
