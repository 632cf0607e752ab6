package dev.tightrope.telemetry.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tightrope.platform.http.RawBody;
import dev.tightrope.platform.http.RequestLimits;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * For the ingestion benchmark only (target D, docs/benchmarks.md), off unless
 * {@code tightrope.bench.ceiling-enabled=true}:
 * <ul>
 * <li>{@code POST /bench/outcomes-parse}: reads an NDJSON body exactly as {@code POST /api/v1/outcomes} does (raw
 * body, line by line into outcomes, every field type-checked) and answers how many lines it read, without rules,
 * aggregation or storage: the parse-only ceiling the intake is compared with;</li>
 * <li>{@code GET /bench/outcomes-count?agent=}: how many outcomes of the agent are in the buckets, so the benchmark
 * checks that every accepted outcome was stored.</li>
 * </ul>
 */
@ApplicationScoped
public class OutcomeBenchRoutes {

    private final boolean enabled;
    private final RequestLimits limits;
    private final Pool pool;

    OutcomeBenchRoutes(@ConfigProperty(name = "tightrope.bench.ceiling-enabled", defaultValue = "false")
            boolean enabled, RequestLimits limits, Pool pool) {
        this.enabled = enabled;
        this.limits = limits;
        this.pool = pool;
    }

    void install(@Observes Router router) {
        if (!enabled) {
            return;
        }
        router.post("/bench/outcomes-parse").handler(RawBody.reader(limits, limits.limitBytes(), (context, body) -> {
            int lines = OutcomeLines.read(body).size();
            context.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("lines", lines).encode());
        }));
        router.get("/bench/outcomes-count").handler(context -> pool.preparedQuery(
                "select coalesce(sum(b.requests), 0)::bigint as n from outcome_bucket b join deployment d "
                        + "on d.id = b.deployment_id join agent a on a.id = d.agent_id where a.slug = $1")
                .execute(Tuple.of(context.request().getParam("agent")))
                .subscribe().with(rows -> context.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("outcomes", rows.iterator().next().getLong("n")).encode()),
                        context::fail));
    }
}
