package dev.tightrope.platform.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Whether PostgreSQL answers the application's pool now: the {@code database} health group,
 * {@code GET /q/health/group/database}. Deliberately not part of readiness or liveness: routing answers from memory
 * while the database is down (see RoutingReadiness), so a probe on this would take every instance out of service
 * exactly when they can still route. Alert on it, or on {@code tightrope_routing_table_staleness_seconds}.
 */
@HealthGroup(DatabaseHealth.GROUP)
@ApplicationScoped
public class DatabaseHealth implements AsyncHealthCheck {

    public static final String GROUP = "database";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;

    DatabaseHealth(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("select 1").execute()
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> HealthCheckResponse.named("PostgreSQL").up().build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("PostgreSQL").down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
