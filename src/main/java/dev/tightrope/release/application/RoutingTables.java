package dev.tightrope.release.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.release.domain.ReleaseErrors;
import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.DeploymentState;
import dev.tightrope.release.domain.Rollout;
import dev.tightrope.release.domain.TrafficSplit;
import dev.tightrope.release.persistence.DeploymentEntity;
import dev.tightrope.release.persistence.ToolGatesJson;
import dev.tightrope.release.persistence.DeploymentRepository;
import dev.tightrope.release.persistence.RolloutRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The in-memory routing tables of all deployments: {@code route()} reads them without touching the database, so it
 * keeps answering (from the last known state) when PostgreSQL is unreachable.
 *
 * <p>Tables are (re)loaded from the database: all at startup and after the change listener reconnects, and one
 * deployment whenever its change is announced. A table only replaces an older generation, so late or duplicate
 * announcements never roll a table back.
 */
@ApplicationScoped
public class RoutingTables {

    private static final Logger LOG = Logger.getLogger(RoutingTables.class);
    private static final int MAX_CACHED_CONFIGS = 1_000;

    private final Map<String, RoutingTable> tables = new ConcurrentHashMap<>();
    private final Map<Long, Long> generations = new ConcurrentHashMap<>();
    private final Map<String, VersionConfig> configs = new ConcurrentHashMap<>();
    private final Map<Long, String> slugs = new ConcurrentHashMap<>();
    private final List<Consumer<RoutingTable>> listeners = new CopyOnWriteArrayList<>();
    private final Sessions sessions;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;
    private final RegistryLookup registry;
    private final Clock clock;
    private volatile Instant lastSync;
    private volatile boolean loaded;

    RoutingTables(Sessions sessions, DeploymentRepository deployments, RolloutRepository rollouts,
            RegistryLookup registry, Clock clock) {
        this.sessions = sessions;
        this.deployments = deployments;
        this.rollouts = rollouts;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Routes one request; NOT_FOUND when the agent has nothing deployed in the environment, VALIDATION when the
     * agent or environment is not even a slug (checked only on a miss, so a hit costs nothing more).
     */
    public RouteDecision route(String agent, String environment, String routingKey) {
        RoutingTable table = tables.get(key(agent, environment));
        if (table == null) {
            java.util.List<dev.tightrope.platform.error.Violation> violations = new java.util.ArrayList<>();
            dev.tightrope.registry.domain.AgentRules.checkSlug("agent", agent, violations);
            dev.tightrope.registry.domain.AgentRules.checkSlug("environment", environment, violations);
            if (!violations.isEmpty()) {
                throw dev.tightrope.platform.error.TightropeException.invalid(violations);
            }
            throw ReleaseErrors.nothingDeployed(agent, environment);
        }
        Arm arm = table.split().arm(routingKey, ThreadLocalRandom.current());
        return new RouteDecision(agent, environment, arm, table.generation(), table.split().rolloutId(),
                table.config(arm), table.disabledTools(routingKey));
    }

    /** The current table, or {@code null}. */
    public RoutingTable table(String agent, String environment) {
        return tables.get(key(agent, environment));
    }

    /** Called with every table that replaces an older one (subscriptions, metrics). */
    public void onChange(Consumer<RoutingTable> listener) {
        listeners.add(listener);
    }

    /** Reloads one deployment's table from the database. */
    public Uni<Void> refresh(long deploymentId) {
        return sessions.read(() -> deployments.findById(deploymentId).chain(this::build))
                .invoke(this::install)
                .replaceWithVoid();
    }

    /** Reloads every table; used at startup and whenever changes may have been missed. */
    public Uni<Integer> refreshAll() {
        Instant started = clock.instant();
        return sessions.read(() -> deployments.listAll())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(entity -> sessions.read(() -> build(entity)))
                .invoke(this::install)
                .collect().asList()
                .invoke(list -> {
                    lastSync = started;
                    loaded = true;
                })
                .map(List::size);
    }

    /** Whether every table has been loaded from the database at least once since this instance started. */
    public boolean loaded() {
        return loaded;
    }

    /** Marks the tables as in sync with the database (the change listener is connected and hearing). */
    public void markSynced() {
        lastSync = clock.instant();
    }

    /** How long since the tables were last known to match the database; a gauge, see ReleaseMetrics. */
    public Duration staleness() {
        Instant sync = lastSync;
        return sync == null ? Duration.ZERO : Duration.between(sync, clock.instant());
    }

    /** Generation of the deployment's table in memory, -1 when there is none. */
    public long generationOf(long deploymentId) {
        return generations.getOrDefault(deploymentId, -1L);
    }

    /** Every deployment's table on this instance now (a snapshot). */
    public List<RoutingTable> all() {
        return List.copyOf(tables.values());
    }

    public int size() {
        return tables.size();
    }

    /**
     * Installs the table of a state this instance has just committed, without reading it back: the state is known,
     * and version configurations come from the cache (read once per version).
     */
    public Uni<Void> install(long deploymentId, long agentId, String agent, String environment,
            DeploymentState state) {
        slugs.putIfAbsent(agentId, agent);
        RoutingTable fromCache = fromCache(deploymentId, agentId, agent, environment, state);
        if (fromCache != null) {
            install(fromCache);
            return Uni.createFrom().voidItem();
        }
        return sessions.read(() -> build(deploymentId, agentId, agent, environment, state))
                .invoke(this::install)
                .replaceWithVoid();
    }

    private Uni<RoutingTable> build(DeploymentEntity deployment) {
        if (deployment == null || deployment.stableVersion == null) {
            return Uni.createFrom().nullItem();
        }
        Uni<Rollout> rolloutUni = deployment.activeRolloutId == null
                ? Uni.createFrom().nullItem()
                : rollouts.findById(deployment.activeRolloutId).map(entity -> entity.toDomain());
        return slug(deployment.agentId).chain(slug -> rolloutUni.chain(rollout -> build(deployment.id,
                deployment.agentId, slug, deployment.environment,
                new DeploymentState(deployment.stableVersion, deployment.generation, rollout,
                        ToolGatesJson.read(deployment.toolGates)))));
    }

    /** The table when every configuration it needs is cached (the usual case for a rollback), else null. */
    private RoutingTable fromCache(long deploymentId, long agentId, String slug, String environment,
            DeploymentState state) {
        if (state.stableVersion() == null) {
            return null;
        }
        TrafficSplit split = TrafficSplit.of(state);
        VersionConfig stable = configs.get(agentId + ":" + split.stableVersion());
        VersionConfig canary = split.canaryVersion() == null ? null
                : configs.get(agentId + ":" + split.canaryVersion());
        if (stable == null || (split.canaryVersion() != null && canary == null)) {
            return null;
        }
        return new RoutingTable(deploymentId, slug, environment, state.generation(), split, stable, canary,
                state.toolGates(), clock.instant());
    }

    private Uni<RoutingTable> build(long deploymentId, long agentId, String slug, String environment,
            DeploymentState state) {
        if (state.stableVersion() == null) {
            return Uni.createFrom().nullItem();
        }
        TrafficSplit split = TrafficSplit.of(state);
        Uni<VersionConfig> stable = config(agentId, slug, split.stableVersion());
        Uni<VersionConfig> canary = split.canaryVersion() == null ? Uni.createFrom().nullItem()
                : config(agentId, slug, split.canaryVersion());
        // one after the other: both run in the same session, which must not be used concurrently
        return stable.chain(stableConfig -> canary.map(canaryConfig -> new RoutingTable(deploymentId, slug,
                environment, state.generation(), split, stableConfig, canaryConfig, state.toolGates(),
                clock.instant())));
    }

    /** Agent slugs never change, so they are read once. */
    private Uni<String> slug(long agentId) {
        String known = slugs.get(agentId);
        return known != null ? Uni.createFrom().item(known)
                : registry.agentSlug(agentId).invoke(slug -> slugs.put(agentId, slug));
    }

    /**
     * A version's configuration, read once: versions are immutable, so a cached one never goes stale. A rollback
     * then rebuilds its table from memory plus one read of the deployment row.
     */
    private Uni<VersionConfig> config(long agentId, String slug, int number) {
        String key = agentId + ":" + number;
        VersionConfig cached = configs.get(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return registry.version(agentId, slug, number).map(VersionConfig::of).invoke(config -> {
            if (configs.size() >= MAX_CACHED_CONFIGS) {
                configs.clear();
            }
            configs.put(key, config);
        });
    }

    private void install(RoutingTable table) {
        if (table == null) {
            return;
        }
        String key = key(table.agent(), table.environment());
        RoutingTable winner = tables.merge(key, table,
                (current, candidate) -> candidate.generation() > current.generation() ? candidate : current);
        if (winner == table) {
            generations.put(table.deploymentId(), table.generation());
            LOG.debugf("Routing table %s now at generation %d", key, table.generation());
            for (Consumer<RoutingTable> listener : listeners) {
                try {
                    listener.accept(table);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Routing table listener failed for %s", key);
                }
            }
        }
    }

    private static String key(String agent, String environment) {
        return agent + '\u0000' + environment;
    }
}
