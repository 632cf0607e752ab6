package dev.tightrope.release.application;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/** The release feature's meters, registered in one place. */
@Startup
@ApplicationScoped
public class ReleaseMetrics {

    private final MeterRegistry registry;
    private final Counter routedStable;
    private final Counter routedCanary;
    private final ConcurrentMap<String, Counter> changes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> rollbackCommit = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> rollbackPropagation = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> releases = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rollbacks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timeToRecover = new ConcurrentHashMap<>();

    /**
     * Buckets of tightrope_time_to_recover_seconds: a release lives minutes to weeks before it is rolled back, far
     * beyond the range of Micrometer's default timer histogram (1 ms to 30 s).
     */
    static final Duration[] RECOVERY_BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12),
        Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(30)};

    ReleaseMetrics(MeterRegistry registry, RoutingTables tables) {
        this.registry = registry;
        routedStable = routed(registry, Arm.STABLE);
        routedCanary = routed(registry, Arm.CANARY);
        Gauge.builder("tightrope.routing.table.staleness", tables, t -> t.staleness().toMillis() / 1000.0)
                .description("Seconds since the routing tables were last known to match the database; grows while "
                        + "PostgreSQL is unreachable (route() keeps answering from memory)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("tightrope.routing.tables", tables, RoutingTables::size)
                .description("Deployments with a routing table in memory")
                .register(registry);
    }

    private static Counter routed(MeterRegistry registry, Arm arm) {
        return Counter.builder("tightrope.route.requests")
                .description("route() decisions, by arm")
                .tag("arm", arm.name())
                .register(registry);
    }

    void routed(Arm arm) {
        (arm == Arm.CANARY ? routedCanary : routedStable).increment();
    }

    /**
     * A committed traffic change. Besides the changes by type and trigger, what rollback statistics need in
     * Prometheus (docs/rollback-metrics.md): releases (DEPLOYED and ROLLOUT_STARTED not made by a drill), rollbacks
     * by trigger, and for each rollback that is not a drill's, the time from its release to its commit.
     *
     * @param releasedAt for a rollback, when the version it takes out of traffic was released; null when unknown
     */
    void trafficChanged(DeploymentEvent event, Instant releasedAt) {
        String key = event.type() + "/" + event.trigger();
        changes.computeIfAbsent(key, k -> Counter.builder("tightrope.traffic.changes")
                .description("Traffic changes committed, by type and trigger")
                .tag("type", event.type().name())
                .tag("trigger", event.trigger().name())
                .register(registry)).increment();
        boolean drill = event.trigger() == Trigger.DRILL;
        if (!drill && (event.type() == TrafficChangeType.DEPLOYED || event.type() == TrafficChangeType.ROLLOUT_STARTED)) {
            releases.computeIfAbsent(event.type().name(), type -> Counter.builder("tightrope.releases")
                    .description("Releases: deploys and rollout starts not made by a drill, by type")
                    .tag("type", type)
                    .register(registry)).increment();
        }
        if (event.type() == dev.tightrope.release.domain.TrafficChangeType.ROLLED_BACK) {
            rollbacks.computeIfAbsent(event.trigger().name(), trigger -> Counter.builder("tightrope.rollbacks")
                    .description("Rollbacks committed, by trigger (DRILL: drills' rollbacks, not failures)")
                    .tag("trigger", trigger)
                    .register(registry)).increment();
            if (!drill && releasedAt != null) {
                timeToRecover.computeIfAbsent(event.trigger().name(), trigger -> Timer.builder(
                        "tightrope.time_to_recover")
                        .description("From the release of the version a rollback took out of traffic (its rollout's "
                                + "start, or its last deploy or promotion) to the rollback's commit; drills not "
                                + "included")
                        .tag("trigger", trigger)
                        .serviceLevelObjectives(RECOVERY_BUCKETS)
                        .register(registry))
                        .record(Duration.between(releasedAt, event.committedAt()));
            }
            rollbackCommit.computeIfAbsent(event.trigger().name(), trigger -> Timer.builder("tightrope.rollback.commit")
                    .description("Rollback duration from decision to commit")
                    .tag("trigger", trigger)
                    .publishPercentileHistogram()
                    .register(registry))
                    .record(Duration.between(event.decidedAt(), event.committedAt()));
        }
    }

    /** A rollback reached every connected runtime: decision → acknowledged by all. */
    void propagated(dev.tightrope.release.domain.TrafficChangeType type, dev.tightrope.release.domain.Trigger cause,
            java.time.Instant decidedAt, java.time.Instant propagatedAt) {
        if (type != dev.tightrope.release.domain.TrafficChangeType.ROLLED_BACK) {
            return;
        }
        rollbackPropagation.computeIfAbsent(cause.name(), trigger -> Timer.builder("tightrope.rollback.propagation")
                .description("Rollback duration from decision until every connected runtime acknowledged it")
                .tag("trigger", trigger)
                .publishPercentileHistogram()
                .register(registry))
                .record(Duration.between(decidedAt, propagatedAt));
    }
}
