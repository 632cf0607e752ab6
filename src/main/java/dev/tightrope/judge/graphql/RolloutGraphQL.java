package dev.tightrope.judge.graphql;

import static dev.tightrope.platform.graphql.Descriptions.OVERRIDE_FREEZE;
import static dev.tightrope.platform.graphql.Descriptions.REASON;

import static dev.tightrope.platform.graphql.Descriptions.IDEMPOTENCY_KEY;

import static dev.tightrope.platform.graphql.Descriptions.EXPECTED_GENERATION;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import dev.tightrope.judge.application.CanaryComparisons;
import dev.tightrope.judge.application.ComparisonFeed;
import dev.tightrope.judge.application.PlannedRollouts;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.release.application.Clearance;
import dev.tightrope.release.graphql.ClientTriggers;
import dev.tightrope.release.graphql.DeploymentEventNode;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Rollouts with plans, and the live canary comparison. */
@GraphQLApi
public class RolloutGraphQL {

    private final PlannedRollouts rollouts;
    private final CanaryComparisons comparisons;
    private final ComparisonFeed feed;
    private final ActorProvider actors;

    RolloutGraphQL(PlannedRollouts rollouts, CanaryComparisons comparisons, ComparisonFeed feed,
            ActorProvider actors) {
        this.rollouts = rollouts;
        this.comparisons = comparisons;
        this.feed = feed;
        this.actors = actors;
    }

    @Mutation
    @NonNull
    @Description("Starts a canary of the version, sticky per routing key. With a weight (0..100) and no plan, it is "
            + "driven by hand; with a plan, or with neither (the default plan: 5 → 25 → 50 → promote), the judge "
            + "advances, promotes, pauses or rolls it back by itself.")
    public Uni<DeploymentEventNode> startRollout(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("The agent version to try as the canary.") @NonNull int version,
            @Description("The canary's share of traffic in percent (0..100) for a rollout driven by hand; leave it "
                    + "out for a planned one.") Integer weight,
            @Description("How the judge drives the rollout; leave both it and weight out for the default plan.")
            RolloutPlanInput plan,
            @Description(EXPECTED_GENERATION) Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason,
            @Description(OVERRIDE_FREEZE) String overrideFreeze) {
        return rollouts.start(new PlannedRollouts.Start(agent, environment, version, weight,
                plan == null ? null : plan.toPlan(), expectedGeneration == null ? null : expectedGeneration.longValue(),
                idempotencyKey, reason, ClientTriggers.current(actors), actors.current()), Clearance.overridingFreeze(overrideFreeze))
                .map(DeploymentEventNode::new);
    }

    @Subscription("canaryComparison")
    @Description("The canary comparison of a running rollout: at once, then after every judge run "
            + "(tightrope.judge.every, 5 s) and every change of its deployment, until the rollout ends (the stream "
            + "then completes).")
    public Multi<CanaryComparisonNode> canaryComparisonStream(
            @Description("The rollout's id (Rollout.id, DeploymentEvent.rolloutId).") @NonNull @Id String rolloutId) {
        return feed.watch(rolloutId(rolloutId)).map(CanaryComparisonNode::new);
    }

    @Query
    @NonNull
    @Description("The live comparison of a running rollout's canary with its stable version over the current step: "
            + "per metric both arms, the effect and its anytime-valid interval, the verdict, and how long a verdict "
            + "will take at this traffic.")
    public Uni<CanaryComparisonNode> canaryComparison(
            @Description("The rollout's id (Rollout.id, DeploymentEvent.rolloutId).") @NonNull @Id String rolloutId) {
        return comparisons.of(rolloutId(rolloutId)).map(CanaryComparisonNode::new);
    }

    private static long rolloutId(String rolloutId) {
        try {
            return Long.parseLong(rolloutId);
        } catch (NumberFormatException e) {
            throw TightropeException.validation("rolloutId must be the id of a rollout (a number), not '"
                    + (rolloutId.length() > 40 ? rolloutId.substring(0, 40) + "…" : rolloutId) + "'");
        }
    }
}
