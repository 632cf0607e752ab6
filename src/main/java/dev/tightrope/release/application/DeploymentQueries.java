package dev.tightrope.release.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.release.domain.ReleaseErrors;
import dev.tightrope.release.domain.Deployment;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.DeploymentState;
import dev.tightrope.release.domain.EventHistory;
import dev.tightrope.release.persistence.EventHistoryStore;
import dev.tightrope.release.persistence.ToolGatesJson;
import dev.tightrope.release.persistence.DeploymentEntity;
import dev.tightrope.release.persistence.DeploymentEventEntity;
import dev.tightrope.release.persistence.DeploymentEventRepository;
import dev.tightrope.release.persistence.DeploymentRepository;
import dev.tightrope.release.persistence.RolloutRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Reads deployments and their history for dashboards and bots. */
@ApplicationScoped
public class DeploymentQueries {

    public static final String EVENT_CURSOR = "event";

    private final Sessions sessions;
    private final RegistryLookup registry;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;
    private final DeploymentEventRepository events;
    private final PropagationService propagation;
    private final AgentIds agentIds;
    private final EventHistoryStore history;

    DeploymentQueries(Sessions sessions, RegistryLookup registry, DeploymentRepository deployments,
            RolloutRepository rollouts, DeploymentEventRepository events, PropagationService propagation,
            AgentIds agentIds, EventHistoryStore history) {
        this.propagation = propagation;
        this.agentIds = agentIds;
        this.history = history;
        this.sessions = sessions;
        this.registry = registry;
        this.deployments = deployments;
        this.rollouts = rollouts;
        this.events = events;
    }

    /** The deployment of an agent in an environment; {@code null} when nothing was ever deployed there. */
    public Uni<Deployment> deployment(String agent, String environment) {
        return sessions.read(() -> registry.agentId(agent)
                .chain(agentId -> deployments.find(agentId, environment))
                .chain(entity -> entity == null ? Uni.createFrom().nullItem() : toDomain(entity, agent)));
    }

    /**
     * Whether {@code version} was ever the stable version of the agent in this environment (deployed, promoted or
     * rolled back to there); false when nothing was ever deployed there or the agent does not exist.
     */
    public Uni<Boolean> wasStable(String agent, String environment, int version) {
        return sessions.read(() -> registry.agentId(agent)
                .chain(agentId -> deployments.find(agentId, environment))
                .chain(entity -> entity == null ? Uni.createFrom().item(false)
                        : events.wasStable(entity.id, version)))
                .onFailure(failure -> failure instanceof TightropeException refused
                        && refused.code() == ErrorCode.NOT_FOUND).recoverWithItem(false);
    }

    /** Every environment the agent is deployed in, by name. */
    public Uni<List<Deployment>> deployments(String agent) {
        return sessions.read(() -> registry.agentId(agent)
                .chain(deployments::listByAgent)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(entity -> toDomain(entity, agent))
                .collect().asList());
    }

    /**
     * {@link #deployments(String)} of many agents in one session and three queries, whatever their number (a list
     * of agents would otherwise cost one session each); the lists in the order of {@code agents}, empty for an
     * agent that does not exist.
     */
    public Uni<List<List<Deployment>>> deploymentsOf(List<String> agents) {
        return sessions.read(() -> registry.agentIds(agents)
                .chain(ids -> deployments.listByAgents(ids.values())
                        .chain(entities -> rollouts.listByIds(entities.stream()
                                        .map(entity -> entity.activeRolloutId).filter(Objects::nonNull).toList())
                                .map(found -> {
                                    Map<Long, dev.tightrope.release.domain.Rollout> byId = new HashMap<>();
                                    found.forEach(rollout -> byId.put(rollout.id, rollout.toDomain()));
                                    Map<Long, List<Deployment>> byAgent = new HashMap<>();
                                    Map<Long, String> slugs = new HashMap<>();
                                    ids.forEach((slug, id) -> slugs.put(id, slug));
                                    for (DeploymentEntity entity : entities) {
                                        byAgent.computeIfAbsent(entity.agentId, id -> new ArrayList<>())
                                                .add(toDomain(entity, slugs.get(entity.agentId),
                                                        entity.activeRolloutId == null ? null
                                                                : byId.get(entity.activeRolloutId)));
                                    }
                                    return agents.stream().map(slug -> ids.containsKey(slug)
                                            ? byAgent.getOrDefault(ids.get(slug), List.of()) : List.<Deployment>of())
                                            .toList();
                                }))));
    }

    /**
     * The same page of the histories of many deployments in one session and three queries; the pages in the order
     * of {@code of}.
     */
    public Uni<List<Page<DeploymentEvent>>> eventsOf(List<Deployment> of, PageRequest request) {
        return sessions.read(() -> events.pages(of.stream().map(Deployment::id).distinct().toList(), request)
                .chain(rows -> propagation.of(rows.stream().map(row -> row.id).toList()).map(known -> {
                    Map<Long, List<DeploymentEventEntity>> byDeployment = new HashMap<>();
                    rows.forEach(row -> byDeployment.computeIfAbsent(row.deploymentId, id -> new ArrayList<>())
                            .add(row));
                    return of.stream().map(deployment -> Page.fromOverfetched(
                            byDeployment.getOrDefault(deployment.id(), List.of()), request, row -> row.generation,
                            row -> TrafficService.toDomain(row, deployment.agent(), deployment.environment())
                                    .withPropagation(known.get(row.id)))).toList();
                })));
    }

    public Uni<Page<DeploymentEvent>> events(String agent, String environment, PageRequest request) {
        return sessions.read(() -> registry.agentId(agent)
                .chain(agentId -> deployments.find(agentId, environment))
                .onItem().ifNull().failWith(() -> ReleaseErrors.nothingDeployed(agent, environment))
                .chain(entity -> events.page(entity.id, request))
                .chain(rows -> propagation.of(rows.stream().map(row -> row.id).toList())
                        .map(known -> Page.fromOverfetched(rows, request, row -> row.generation,
                                row -> TrafficService.toDomain(row, agent, environment)
                                        .withPropagation(known.get(row.id))))));
    }

    /**
     * The agent's traffic changes committed since {@code since}, each with its propagation, idempotency key and
     * rollout start, and the releases before it ({@link EventHistory}); for statistics. NOT_FOUND for an unknown
     * agent; an environment never deployed to has no events.
     *
     * @param environment one environment, or {@code null} for all of the agent's
     * @param limit       the most events to read; {@link EventHistory#truncated()} says whether there were more
     */
    public Uni<EventHistory> history(String agent, String environment, Instant since, int limit) {
        return agentIds.of(agent).chain(agentId -> history.history(agentId, agent, environment, since, limit));
    }

    private Uni<Deployment> toDomain(DeploymentEntity entity, String agent) {
        Uni<dev.tightrope.release.domain.Rollout> rollout = entity.activeRolloutId == null
                ? Uni.createFrom().nullItem()
                : rollouts.findById(entity.activeRolloutId).map(r -> r.toDomain());
        return rollout.map(r -> toDomain(entity, agent, r));
    }

    private static Deployment toDomain(DeploymentEntity entity, String agent, dev.tightrope.release.domain.Rollout rollout) {
        return new Deployment(entity.id, agent, entity.environment, new DeploymentState(entity.stableVersion,
                entity.generation, rollout, ToolGatesJson.read(entity.toolGates)), entity.updatedAt);
    }
}
