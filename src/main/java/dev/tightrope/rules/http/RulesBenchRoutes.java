package dev.tightrope.rules.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tightrope.rules.application.RuleEvaluator;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * For the rule evaluation benchmark only (target F, docs/benchmarks.md), off unless
 * {@code tightrope.bench.ceiling-enabled=true}:
 * <ul>
 * <li>{@code POST /bench/rules-fill?prefix=&minutes=&days=&deep=}: writes healthy 10 s buckets (50 requests each,
 * with one tool) for the stable version of every deployment whose agent's slug starts with the prefix: the last
 * {@code minutes} for all of them, and {@code days} days before that for the first {@code deep} of them (the
 * retention a pass must not pay for);</li>
 * <li>{@code POST /bench/rules-pass?runs=}: runs that many evaluation passes one after the other and answers each
 * one's duration and evaluations (passes another instance or the schedule held are not counted).</li>
 * </ul>
 */
@ApplicationScoped
public class RulesBenchRoutes {

    private static final String FILL = "insert into outcome_bucket (deployment_id, version, arm, bucket_start, requests, "
            + "errors, completions, completion_reported, eval_count, latency_sum, latency_sum_squares, log_latency_sum, "
            + "log_latency_sum_squares, cost_sum, cost_sum_squares, tokens_sum, tokens_sum_squares, eval_sum, "
            + "eval_sum_squares, updated_at) "
            + "select d.id, d.stable_version, 'STABLE', t, 50, 1, 42, 50, 0, 50000, 52000000, 345, 2390, 0.5, 0.006, "
            + "50000, 52000000, 0, 0, $4 from deployment d join agent a on a.id = d.agent_id "
            + "cross join generate_series($2::timestamptz, $3::timestamptz, interval '10 seconds') t "
            + "where a.slug like $1 and d.stable_version is not null and d.id in (select d2.id from deployment d2 "
            + "join agent a2 on a2.id = d2.agent_id where a2.slug like $1 order by d2.id limit $5) "
            + "on conflict do nothing";
    private static final String FILL_TOOLS = "insert into outcome_bucket_tool (deployment_id, version, arm, "
            + "bucket_start, tool, calls, errors, latency_sum) select b.deployment_id, b.version, b.arm, b.bucket_start, "
            + "'lookup_order', 30, 1, 1500 from outcome_bucket b join deployment d on d.id = b.deployment_id "
            + "join agent a on a.id = d.agent_id where a.slug like $1 and b.bucket_start >= $2 "
            + "on conflict do nothing";

    private final boolean enabled;
    private final Pool pool;
    private final RuleEvaluator evaluator;
    private final Clock clock;

    RulesBenchRoutes(@ConfigProperty(name = "tightrope.bench.ceiling-enabled", defaultValue = "false")
            boolean enabled, Pool pool, RuleEvaluator evaluator, Clock clock) {
        this.enabled = enabled;
        this.pool = pool;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    void install(@Observes Router router) {
        if (!enabled) {
            return;
        }
        router.post("/bench/rules-fill").handler(this::fill);
        router.post("/bench/rules-pass").handler(this::passes);
    }

    private void fill(RoutingContext context) {
        String prefix = context.request().getParam("prefix", "rb-") + "%";
        int minutes = Integer.parseInt(context.request().getParam("minutes", "65"));
        int days = Integer.parseInt(context.request().getParam("days", "0"));
        int deep = Integer.parseInt(context.request().getParam("deep", "0"));
        Instant now = clock.instant();
        Instant recent = now.minus(Duration.ofMinutes(minutes));
        long started = System.nanoTime();
        Uni<Long> history = days == 0 || deep == 0 ? Uni.createFrom().item(0L)
                : rows(FILL, Tuple.tuple().addString(prefix).addOffsetDateTime(utc(recent.minus(Duration.ofDays(days))))
                        .addOffsetDateTime(utc(recent.minusSeconds(10))).addOffsetDateTime(utc(now)).addInteger(deep));
        history.chain(old -> rows(FILL, Tuple.tuple().addString(prefix).addOffsetDateTime(utc(recent))
                .addOffsetDateTime(utc(now)).addOffsetDateTime(utc(now)).addInteger(Integer.MAX_VALUE))
                .chain(fresh -> rows(FILL_TOOLS, Tuple.tuple().addString(prefix).addOffsetDateTime(utc(recent)))
                        .map(tools -> new JsonObject().put("historyBuckets", old).put("recentBuckets", fresh)
                                .put("toolRows", tools).put("seconds", (System.nanoTime() - started) / 1e9))))
                .subscribe().with(answer -> context.response().putHeader("Content-Type", "application/json")
                        .end(answer.encode()), context::fail);
    }

    private void passes(RoutingContext context) {
        int runs = Math.min(200, Integer.parseInt(context.request().getParam("runs", "20")));
        JsonArray passes = new JsonArray();
        Multi.createFrom().range(0, runs).onItem().transformToUniAndConcatenate(i -> {
            long started = System.nanoTime();
            return evaluator.runOnce().invoke(pass -> {
                if (pass.evaluated()) {
                    passes.add(new JsonObject().put("ms", (System.nanoTime() - started) / 1e6)
                            .put("evaluations", pass.evaluations()).put("fired", pass.fired().size()));
                }
            });
        }).collect().last().subscribe().with(ignored -> context.response()
                .putHeader("Content-Type", "application/json").end(new JsonObject().put("passes", passes).encode()),
                context::fail);
    }

    private Uni<Long> rows(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).map(result -> (long) result.rowCount());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
