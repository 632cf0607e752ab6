package dev.tightrope.release.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.tightrope.platform.notify.ChangeNotifications;

/**
 * Readiness ({@code /q/health/ready}): ready once the routing tables have been loaded from the database, and ready
 * from then on, also while PostgreSQL is unreachable. {@code route()}, the configuration and its streams answer
 * from memory (fail-static), so an instance that cannot reach the database still serves what runtimes need; taking
 * every instance out of the load balancer during a database outage would turn it into a routing outage. Writes
 * answer {@code UNAVAILABLE} meanwhile. The database itself is reported by the {@code database} health group
 * ({@code /q/health/group/database}) and by {@code tightrope_routing_table_staleness_seconds}; see
 * docs/reliability.md.
 */
@Readiness
@ApplicationScoped
class RoutingReadiness implements HealthCheck {

    private final RoutingTables tables;
    private final ChangeNotifications notifications;

    RoutingReadiness(RoutingTables tables, ChangeNotifications notifications) {
        this.tables = tables;
        this.notifications = notifications;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Routing tables")
                .status(tables.loaded())
                .withData("loaded", tables.loaded())
                .withData("tables", tables.size())
                .withData("stalenessSeconds", tables.staleness().toSeconds())
                .withData("listening", notifications.connected())
                .build();
    }
}
