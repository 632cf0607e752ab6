package dev.tightrope.governance.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;
import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;
import static dev.tightrope.platform.graphql.Descriptions.EXPECTED_GENERATION;
import static dev.tightrope.platform.graphql.Descriptions.IDEMPOTENCY_KEY;
import static dev.tightrope.platform.graphql.Descriptions.OVERRIDE_FREEZE;
import static dev.tightrope.platform.graphql.Descriptions.REASON;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.http.Callers;
import dev.tightrope.governance.application.ChangeRequests;
import dev.tightrope.governance.application.EnvironmentPromotion;
import dev.tightrope.governance.application.Freezes;
import dev.tightrope.governance.application.Protections;
import dev.tightrope.governance.domain.ChangeOperation;
import dev.tightrope.governance.domain.ChangeState;
import dev.tightrope.governance.domain.PromotionMode;
import dev.tightrope.judge.graphql.RolloutPlanInput;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.release.application.Clearance;
import dev.tightrope.release.graphql.ClientTriggers;
import dev.tightrope.release.graphql.DeploymentEventNode;
import io.smallrye.mutiny.Uni;

/**
 * Protected environments, release freezes, change requests and promotion between environments over GraphQL. Who may
 * run what is AccessPolicy's (ADMIN protects and freezes; OPERATOR requests, approves and rejects; VIEWER reads);
 * {@code overrideFreeze} needs an ADMIN token wherever it is passed (AccessControl).
 */
@GraphQLApi
public class GovernanceGraphQL {

    private final Protections protections;
    private final Freezes freezes;
    private final ChangeRequests requests;
    private final EnvironmentPromotion promotion;
    private final ActorProvider actors;
    private final Clock clock;

    GovernanceGraphQL(Protections protections, Freezes freezes, ChangeRequests requests,
            EnvironmentPromotion promotion, ActorProvider actors, Clock clock) {
        this.protections = protections;
        this.freezes = freezes;
        this.requests = requests;
        this.promotion = promotion;
        this.actors = actors;
        this.clock = clock;
    }

    // protected environments

    @Mutation
    @NonNull
    @Description("Protects an environment, for one agent or (agent left out) for every agent; replaces the rule "
            + "that exists for exactly that agent or for all. An agent's own rule replaces the environment's.")
    public Uni<ProtectedEnvironmentNode> protectEnvironment(
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("The agent; leave it out to protect the environment for every agent.") String agent,
            @Description("A person's deploy, startRollout, advanceRollout and promote need a second person's "
                    + "approval. Default true.") @DefaultValue("true") boolean requireApproval,
            @Description("An earlier environment (e.g. staging) a version must have been stable in before it may "
                    + "be released here; with minimumSoakMinutes.") String soakIn,
            @Description("How long, in minutes, it must have been stable there without a rollback (1440: a day).")
            Integer minimumSoakMinutes) {
        return protections.protect(environment, agent, requireApproval, soakIn, minimumSoakMinutes,
                actors.current()).map(ProtectedEnvironmentNode::new);
    }

    @Mutation
    @NonNull
    @Description("Removes the protection rule for exactly this agent (or, agent left out, the rule for every "
            + "agent); true when there was one.")
    public Uni<Boolean> unprotectEnvironment(
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("The agent of the rule; leave it out for the rule of every agent.") String agent) {
        return protections.unprotect(environment, agent);
    }

    @Query
    @NonNull
    @Description("The protection rules, by environment; with an agent, its own rules and those for every agent.")
    public Uni<List<@NonNull ProtectedEnvironmentNode>> protectedEnvironments(
            @Description("Only this environment.") String environment,
            @Description("Only the rules that hold for this agent.") String agent) {
        AgentRules.requireFilterSlugs("environment", environment, "agent", agent);
        return protections.list(environment, agent)
                .map(list -> list.stream().map(ProtectedEnvironmentNode::new).toList());
    }

    // release freezes

    @Mutation
    @NonNull
    @Description("Freezes releases of an environment, for one agent or every agent: either an explicit interval "
            + "(from, to) or a window every week (weekly), never both. While it holds deploy, startRollout, "
            + "advanceRollout and promote answer FROZEN, and planned rollouts hold their step.")
    public Uni<FreezeNode> createFreeze(
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("The agent; leave it out to freeze the environment for every agent.") String agent,
            @Description("Why releases wait; shown in every FROZEN answer.") @NonNull String reason,
            @Description("Start of an explicit interval.") Instant from,
            @Description("End of an explicit interval (in the future).") Instant to,
            @Description("A window every week instead of an interval.") WeeklyFreezeInput weekly) {
        Freezes.Weekly window = weekly == null ? null : new Freezes.Weekly(weekly.startDay, weekly.startTime,
                weekly.endDay, weekly.endTime, weekly.timeZone);
        return freezes.create(environment, agent, reason, from, to, window, actors.current()).map(this::node);
    }

    @Mutation
    @NonNull
    @Description("Ends a freeze for good: the deleted freeze. NOT_FOUND for an unknown id.")
    public Uni<FreezeNode> deleteFreeze(@Description("The freeze's id (Freeze.id).") @NonNull @Id String id) {
        long freezeId = parseId(id, "id", "freeze");
        Caller caller = caller();
        return freezes.get(freezeId).chain(freeze -> {
            if (caller != null && !caller.scope().covers(freeze.agent(), freeze.environment())) {
                throw AccessErrors.outOfScope(caller, "deleteFreeze", freeze.agent(), freeze.environment());
            }
            return freezes.delete(freezeId);
        }).map(deleted -> new FreezeNode(deleted, clock.instant(), true));
    }

    @Query
    @NonNull
    @Description("Release freezes, oldest first, with whether each holds now; with an agent, its own and those "
            + "for every agent.")
    public Uni<List<@NonNull FreezeNode>> freezes(
            @Description("Only this environment.") String environment,
            @Description("Only the freezes that hold for this agent.") String agent) {
        AgentRules.requireFilterSlugs("environment", environment, "agent", agent);
        return freezes.list(environment, agent).map(list -> list.stream().map(this::node).toList());
    }

    // change requests

    @Mutation
    @NonNull
    @Description("Asks for a traffic change in a protected environment: stored with exactly these arguments and "
            + "the deployment's generation now, posted to Slack, and applied once when a second person approves "
            + "it (approveChange), only if the deployment has not changed since. Expires after 24 h.")
    public Uni<ChangeRequestNode> requestChange(
            @Description("The mutation to apply.") @NonNull ChangeOperation operation,
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("DEPLOY and START_ROLLOUT: the version.") Integer version,
            @Description("START_ROLLOUT by hand, ADVANCE_ROLLOUT, PROMOTE_ENVIRONMENT as ROLLOUT: the canary's "
                    + "weight in percent.") Integer weight,
            @Description("START_ROLLOUT or PROMOTE_ENVIRONMENT as ROLLOUT: how the judge drives it.")
            RolloutPlanInput plan,
            @Description("PROMOTE_ENVIRONMENT: the environment whose stable version is released.") String from,
            @Description("PROMOTE_ENVIRONMENT: DEPLOY (default) or ROLLOUT.") PromotionMode mode,
            @Description(REASON) String reason,
            @Description("The generation the requester saw: if the deployment is at another one now, CONFLICT (with "
                    + "currentGeneration) and nothing is requested. Without it, the generation at the request.")
            Integer expectedGeneration) {
        return requests.request(new ChangeRequests.Asked(operation, agent, environment, version, weight,
                plan == null ? null : plan.toPlan(), from, mode, reason, ClientTriggers.current(actors), actors.current(),
                expectedGeneration == null ? null : expectedGeneration.longValue()))
                .map(ChangeRequestNode::new);
    }

    @Mutation
    @NonNull
    @Description("Approves a pending change request and applies it at once (OPERATOR, not its requester). The "
            + "request as it ends: APPLIED, STALE (the deployment changed since) or FAILED (the change was "
            + "refused). FROZEN or SOAK_REQUIRED when the change must wait: the request stays PENDING.")
    public Uni<ChangeRequestNode> approveChange(
            @Description("The request's id (ChangeRequest.id).") @NonNull @Id String id,
            @Description(OVERRIDE_FREEZE) String overrideFreeze) {
        return requests.approve(parseId(id, "id", "change request"), caller(), actors.current(), overrideFreeze)
                .map(ChangeRequestNode::new);
    }

    @Mutation
    @NonNull
    @Description("Rejects a pending change request (OPERATOR, not its requester): nothing changes.")
    public Uni<ChangeRequestNode> rejectChange(
            @Description("The request's id (ChangeRequest.id).") @NonNull @Id String id,
            @Description("Why; kept with the request.") @NonNull String reason) {
        return requests.reject(parseId(id, "id", "change request"), caller(), actors.current(), reason)
                .map(ChangeRequestNode::new);
    }

    @Query
    @NonNull
    @Description("Change requests, newest first: e.g. state PENDING for what waits for a decision.")
    public Uni<List<@NonNull ChangeRequestNode>> changeRequests(
            @Description("Only requests in this state.") ChangeState state,
            @Description("Only this agent's.") String agent,
            @Description("Only this environment's.") String environment,
            @Description("How many: 20 by default, at most 100.") Integer first) {
        AgentRules.requireFilterSlugs("agent", agent, "environment", environment);
        int limit = first == null ? PageRequest.DEFAULT_SIZE : first;
        if (limit < 1 || limit > PageRequest.MAX_SIZE) {
            throw TightropeException.invalid(List.of(new Violation("first", "must be 1 to " + PageRequest.MAX_SIZE)));
        }
        return requests.list(state, agent, environment, limit)
                .map(list -> list.stream().map(ChangeRequestNode::new).toList());
    }

    @Query
    @Description("One change request; NOT_FOUND for an unknown id.")
    public Uni<ChangeRequestNode> changeRequest(
            @Description("The request's id (ChangeRequest.id).") @NonNull @Id String id) {
        return requests.get(parseId(id, "id", "change request")).map(ChangeRequestNode::new);
    }

    // promotion between environments

    @Mutation
    @NonNull
    @Description("Releases exactly the version that is stable in from to the environment to: deployed (mode "
            + "DEPLOY) or started as a rollout (ROLLOUT, with a weight or a plan as startRollout takes them). The "
            + "freezes, soak and approval rules of to hold as for a deploy or startRollout.")
    public Uni<DeploymentEventNode> promoteEnvironment(
            @Description(AGENT) @NonNull String agent,
            @Description("The environment whose stable version is released, e.g. staging.") @NonNull String from,
            @Description("The environment it goes to, e.g. production.") @NonNull String to,
            @Description("DEPLOY (default) or ROLLOUT.") @DefaultValue("DEPLOY") @NonNull PromotionMode mode,
            @Description("ROLLOUT by hand: the canary's weight in percent.") Integer weight,
            @Description("ROLLOUT: how the judge drives it; leave it and weight out for the default plan.")
            RolloutPlanInput plan,
            @Description(EXPECTED_GENERATION + " (of the deployment in to)") Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason,
            @Description(OVERRIDE_FREEZE) String overrideFreeze) {
        return promotion.promote(new EnvironmentPromotion.Promotion(agent, from, to, mode, weight,
                plan == null ? null : plan.toPlan(), expectedGeneration == null ? null : expectedGeneration.longValue(),
                idempotencyKey, reason, ClientTriggers.current(actors), actors.current()), Clearance.overridingFreeze(overrideFreeze))
                .map(DeploymentEventNode::new);
    }

    private FreezeNode node(dev.tightrope.governance.domain.Freeze freeze) {
        return new FreezeNode(freeze, clock.instant());
    }

    private static Caller caller() {
        return Callers.of(ActorProvider.currentIdentity());
    }

    private static long parseId(String id, String path, String what) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw TightropeException.invalid(List.of(new Violation(path, "is not the id of a " + what)));
        }
    }
}
