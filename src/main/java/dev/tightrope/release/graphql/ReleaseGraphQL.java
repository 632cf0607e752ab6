package dev.tightrope.release.graphql;

import static dev.tightrope.platform.graphql.Descriptions.OVERRIDE_FREEZE;
import static dev.tightrope.platform.graphql.Descriptions.REASON;

import static dev.tightrope.platform.graphql.Descriptions.IDEMPOTENCY_KEY;

import static dev.tightrope.platform.graphql.Descriptions.EXPECTED_GENERATION;

import static dev.tightrope.platform.graphql.Descriptions.CURSOR;

import static dev.tightrope.platform.graphql.Descriptions.AFTER;

import static dev.tightrope.platform.graphql.Descriptions.FIRST;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.graphql.api.Subscription;

import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.graphql.Connections;
import dev.tightrope.platform.graphql.PageInfo;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.registry.graphql.AgentNode;
import dev.tightrope.release.application.Clearance;
import dev.tightrope.release.application.ConfigStreams;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.EventStreams;
import dev.tightrope.release.application.PropagationService;
import dev.tightrope.release.application.RouteService;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.TrafficCommand;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Deployments, traffic changes and routing over GraphQL ({@code startRollout}, which may carry a rollout plan, is the
 * judge's: {@code RolloutGraphQL}). Every traffic mutation takes an optional
 * {@code expectedGeneration} (CONFLICT if the deployment moved on), an optional {@code idempotencyKey} (a retry
 * returns the first result) and a {@code reason}, and returns the recorded {@code DeploymentEvent}; its trigger is
 * DASHBOARD when the request carries {@code X-Tightrope-Client: dashboard}, API otherwise ({@link ClientTriggers}).
 */
@GraphQLApi
public class ReleaseGraphQL {

    private final TrafficService traffic;
    private final DeploymentQueries queries;
    private final RouteService routes;
    private final ActorProvider actors;
    private final ConfigStreams configs;
    private final EventStreams eventStreams;
    private final PropagationService propagation;

    ReleaseGraphQL(TrafficService traffic, DeploymentQueries queries, RouteService routes, ActorProvider actors,
            ConfigStreams configs, EventStreams eventStreams, PropagationService propagation) {
        this.propagation = propagation;
        this.configs = configs;
        this.eventStreams = eventStreams;
        this.traffic = traffic;
        this.queries = queries;
        this.routes = routes;
        this.actors = actors;
    }

    @Query
    @NonBlocking
    @NonNull
    @Description("Routes one request of an agent runtime: version, arm and complete configuration. Answered from "
            + "memory (keeps working while the database is down). Same routingKey, same arm, for a given rollout.")
    public RouteDecisionNode route(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("Sticky key (a user, a conversation): the same key keeps its arm for the whole rollout. "
                    + "Without one the arm is random by weight.") String routingKey) {
        return new RouteDecisionNode(routes.route(agent, environment, routingKey));
    }

    @Query
    @Description("The deployment of an agent in an environment; null when nothing was deployed there.")
    public Uni<DeploymentNode> deployment(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment) {
        AgentRules.requireSlugs("agent", agent, "environment", environment);
        return queries.deployment(agent, environment).map(d -> d == null ? null : new DeploymentNode(d));
    }

    @Query
    @NonNull
    @Description("Every environment the agent is deployed in.")
    public Uni<List<@NonNull DeploymentNode>> deployments(@Description(AGENT) @NonNull String agent) {
        return queries.deployments(agent).map(list -> list.stream().map(DeploymentNode::new).toList());
    }

    @Description("The deployment in this environment; null when nothing was deployed there.")
    public Uni<DeploymentNode> deployment(
            @Source AgentNode agent,
            @Description(ENVIRONMENT) @NonNull String environment) {
        return deployment(agent.getSlug(), environment);
    }

    /**
     * Batched: a list of agents (the dashboard's agents list) reads all their deployments in one session, not one
     * session per agent.
     */
    @NonNull
    @Description("Every environment this agent is deployed in.")
    public Uni<List<@NonNull List<@NonNull DeploymentNode>>> deployments(@Source List<AgentNode> agents) {
        return queries.deploymentsOf(agents.stream().map(AgentNode::getSlug).toList())
                .map(lists -> lists.stream().map(list -> list.stream().map(DeploymentNode::new).toList()).toList());
    }

    /** Batched like {@link #deployments(List)}: the same page of every deployment's history in one session. */
    @NonNull
    @Description("The deployment's history, newest first.")
    public Uni<List<@NonNull DeploymentEventConnection>> events(
            @Source List<DeploymentNode> deployments,
            @Description(FIRST) Integer first,
            @Description(AFTER) String after) {
        PageRequest request = PageRequest.of(first, after, DeploymentQueries.EVENT_CURSOR);
        return queries.eventsOf(deployments.stream().map(DeploymentNode::deployment).toList(), request)
                .map(pages -> pages.stream().map(page -> Connections.of(page, request, DeploymentQueries.EVENT_CURSOR,
                        DeploymentEventNode::new, DeploymentEventEdge::new, DeploymentEventConnection::new)).toList());
    }

    @Mutation
    @NonNull
    @Description("Makes a version stable at 100 % of the environment's traffic (no rollout may be running).")
    public Uni<DeploymentEventNode> deploy(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("The agent version to make stable.") @NonNull int version,
            @Description(EXPECTED_GENERATION) Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason,
            @Description(OVERRIDE_FREEZE) String overrideFreeze) {
        return change(agent, environment, new TrafficCommand.Deploy(version), expectedGeneration, idempotencyKey,
                reason, overrideFreeze);
    }

    @Mutation
    @NonNull
    @Description("Sets the canary's weight (0..100). Raising it never moves a routing key from canary to stable.")
    public Uni<DeploymentEventNode> advanceRollout(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("The canary's new share of traffic, in percent (0..100).") @NonNull int weight,
            @Description(EXPECTED_GENERATION) Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason,
            @Description(OVERRIDE_FREEZE) String overrideFreeze) {
        return change(agent, environment, new TrafficCommand.AdvanceRollout(weight), expectedGeneration,
                idempotencyKey, reason, overrideFreeze);
    }

    @Mutation
    @NonNull
    @Description("The canary becomes the stable version at 100 %; the rollout ends as PROMOTED.")
    public Uni<DeploymentEventNode> promote(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description(EXPECTED_GENERATION) Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason,
            @Description(OVERRIDE_FREEZE) String overrideFreeze) {
        return change(agent, environment, new TrafficCommand.Promote(), expectedGeneration, idempotencyKey, reason,
                overrideFreeze);
    }

    @Mutation
    @NonNull
    @Description("Freezes the rollout at its current weight.")
    public Uni<DeploymentEventNode> pauseRollout(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description(EXPECTED_GENERATION) Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason) {
        return change(agent, environment, new TrafficCommand.PauseRollout(), expectedGeneration, idempotencyKey,
                reason);
    }

    @Description("Lets a paused rollout go on: by hand at its weight, or driven by the judge again when it has a plan.")
    @Mutation
    @NonNull
    public Uni<DeploymentEventNode> resumeRollout(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description(EXPECTED_GENERATION) Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason) {
        return change(agent, environment, new TrafficCommand.ResumeRollout(), expectedGeneration, idempotencyKey,
                reason);
    }

    @Mutation
    @NonNull
    @Description("With a running canary: all traffic back to stable, the rollout ends as ROLLED_BACK. Without one: "
            + "the previous known-good stable version (or toVersion) becomes stable again. All five components "
            + "switch together.")
    public Uni<DeploymentEventNode> rollback(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("Without a running canary: the version to make stable instead of the previous known-good "
                    + "one.") Integer toVersion,
            @Description(EXPECTED_GENERATION) Integer expectedGeneration,
            @Description(IDEMPOTENCY_KEY) String idempotencyKey,
            @Description(REASON) String reason) {
        return change(agent, environment, new TrafficCommand.Rollback(toVersion, null), expectedGeneration,
                idempotencyKey, reason);
    }

    @Subscription
    @Description("The deployment's full routing configuration: the current one on subscribe (once something is "
            + "deployed), then every change. Runtimes that cache configuration subscribe here and confirm each "
            + "generation with acknowledgeConfig.")
    public Multi<RoutingConfigNode> configChanged(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("Identifies the runtime for propagation tracking: changes wait for its acknowledgement.")
            String runtimeId) {
        return configs.watch(agent, environment, runtimeId).map(RoutingConfigNode::new);
    }

    @Mutation
    @NonNull
    @Description("A runtime confirms it now uses the configuration of this generation (and so of every earlier "
            + "one). When all runtimes connected at a change's decision time have confirmed, the change's "
            + "propagatedAt is set.")
    public Uni<ConfigAcknowledgement> acknowledgeConfig(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("The generation the runtime now uses.") @NonNull int generation,
            @Description("The runtimeId the runtime subscribed to configChanged with.") @NonNull String runtimeId) {
        return propagation.acknowledge(agent, environment, generation, runtimeId).map(ConfigAcknowledgement::new);
    }

    @Subscription
    @Description("Every traffic change of the deployment as it is committed, whoever made it (dashboards).")
    public Multi<DeploymentEventNode> deploymentChanged(
            @Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment) {
        return eventStreams.stream(agent, environment).map(DeploymentEventNode::new);
    }

    private Uni<DeploymentEventNode> change(String agent, String environment, TrafficCommand command,
            Integer expectedGeneration, String idempotencyKey, String reason) {
        return change(agent, environment, command, expectedGeneration, idempotencyKey, reason, null);
    }

    /** @param overrideFreeze an ADMIN's reason to act during a freeze (AccessControl checks the role), or null */
    private Uni<DeploymentEventNode> change(String agent, String environment, TrafficCommand command,
            Integer expectedGeneration, String idempotencyKey, String reason, String overrideFreeze) {
        TrafficRequest request = new TrafficRequest(agent, environment, command,
                expectedGeneration == null ? null : expectedGeneration.longValue(), idempotencyKey, reason,
                ClientTriggers.current(actors), actors.current());
        return traffic.change(request, Clearance.overridingFreeze(overrideFreeze)).map(DeploymentEventNode::new);
    }

    /** Relay edge of deployment events. */
    @Description("One traffic change in a page of a deployment's history, with its cursor.")
    @org.eclipse.microprofile.graphql.Type("DeploymentEventEdge")
    public record DeploymentEventEdge(
            @Description(CURSOR) @NonNull String cursor,
            @Description("The traffic change.") @NonNull DeploymentEventNode node) {
    }

    /** Relay connection of deployment events. */
    @Description("A page of a deployment's history, newest first (Relay cursor connection).")
    @org.eclipse.microprofile.graphql.Type("DeploymentEventConnection")
    public record DeploymentEventConnection(
            @Description("The traffic changes of this page, newest first.")
            @NonNull List<@NonNull DeploymentEventEdge> edges,
            @Description("Where this page sits in the history.") @NonNull PageInfo pageInfo) {
    }
}
