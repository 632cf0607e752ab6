package dev.tightrope.release.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

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
import dev.tightrope.release.persistence.RollbackTargetStore;
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
    private final LongAdder versionReads = new LongAdder();
    private final List<Consumer<RoutingTable>> listeners = new CopyOnWriteArrayList<>();
    private final Sessions sessions;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;
    private final RegistryLookup registry;
    private final AgentIds agentIds;
    private final RollbackTargetStore rollbackTargets;
    private final Clock clock;
    private volatile Instant lastSync;
    private volatile boolean loaded;

    RoutingTables(Sessions sessions, DeploymentRepository deployments, RolloutRepository rollouts,
            RegistryLookup registry, AgentIds agentIds, RollbackTargetStore rollbackTargets, Clock clock) {
        this.agentIds = agentIds;
        this.rollbackTargets = rollbackTargets;
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

    /**
     * Reloads every table; used at startup and whenever changes may have been missed. The configurations that
     * rollbacks would switch to are read too ({@link #preloadRollbackTargets}), before the tables count as loaded.
     */
    public Uni<Integer> refreshAll() {
        Instant started = clock.instant();
        return sessions.read(() -> deployments.listAll())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(entity -> sessions.read(() -> build(entity)))
                .invoke(this::install)
                .collect().asList()
                .call(this::preloadRollbackTargets)
                .invoke(list -> {
                    lastSync = started;
                    loaded = true;
                })
                .map(List::size);
    }

    /**
     * Reads, ahead of need, the configuration each deployment would roll back to, so that a rollback installs its
     * table from memory ({@link #install}) instead of reading a version on the way to its answer. On a fresh
     * instance that read was the slowest part of the first rollback: about 30 ms of cold code before the answer.
     * Only as many as the cache has room for, so preloading never evicts a configuration in use; a failure only
     * leaves the reads to the rollbacks, as before.
     */
    private Uni<Long> preloadRollbackTargets() {
        int room = MAX_CACHED_CONFIGS - configs.size();
        if (room <= 0) {
            return Uni.createFrom().item(0L);
        }
        return rollbackTargets.targets(room)
                .onItem().transformToMulti(targets -> Multi.createFrom().iterable(targets))
                .filter(target -> !configs.containsKey(target.agentId() + ":" + target.version()))
                .onItem().transformToUniAndConcatenate(target -> sessions.read(() -> slug(target.agentId())
                        .chain(slug -> config(target.agentId(), slug, target.version())))
                        .onFailure().recoverWithNull())
                .collect().with(Collectors.counting())
                .onFailure().recoverWithItem(error -> {
                    LOG.debugf("Could not preload the configurations of rollback targets: %s", error.toString());
                    return 0L;
                });
    }

    /** How many version configurations this instance has read from the database (each once, while cached). */
    long versionReads() {
        return versionReads.sum();
    }

    /** Empties the configuration cache, as a restart does: for tests of what a fresh instance reads. */
    void forgetConfigurations() {
        configs.clear();
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
        learnSlug(agentId, agent);
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
                : registry.agentSlug(agentId).invoke(slug -> learnSlug(agentId, slug));
    }

    private void learnSlug(long agentId, String slug) {
        if (slugs.putIfAbsent(agentId, slug) == null) {
            agentIds.remember(slug, agentId);
        }
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
        versionReads.increment();
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
