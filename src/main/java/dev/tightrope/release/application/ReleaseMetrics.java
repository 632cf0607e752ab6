package dev.tightrope.release.application;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.DeploymentEvent;
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

    void trafficChanged(DeploymentEvent event) {
        String key = event.type() + "/" + event.trigger();
        changes.computeIfAbsent(key, k -> Counter.builder("tightrope.traffic.changes")
                .description("Traffic changes committed, by type and trigger")
                .tag("type", event.type().name())
                .tag("trigger", event.trigger().name())
                .register(registry)).increment();
        if (event.type() == dev.tightrope.release.domain.TrafficChangeType.ROLLED_BACK) {
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
