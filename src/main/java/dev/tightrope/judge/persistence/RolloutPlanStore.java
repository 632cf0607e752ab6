package dev.tightrope.judge.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.judge.domain.RolloutPlan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The plans of automated rollouts (table {@code rollout_plan}). */
@ApplicationScoped
public class RolloutPlanStore {

    private final Pool pool;

    RolloutPlanStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores the plan of a rollout; a second store of the same rollout (a retried start) keeps the first. */
    public Uni<Void> attach(long rolloutId, RolloutPlan plan, Instant now) {
        return pool.preparedQuery("insert into rollout_plan (rollout_id, plan, created_at) values ($1, cast($2::text as jsonb), $3) "
                + "on conflict (rollout_id) do nothing")
                .execute(Tuple.of(rolloutId, PlanJson.write(plan), OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The rollout's plan, or null when it is driven by hand. */
    public Uni<RolloutPlan> of(long rolloutId) {
        return pool.preparedQuery("select plan::text as plan from rollout_plan where rollout_id = $1")
                .execute(Tuple.of(rolloutId))
                .map(rows -> rows.iterator().hasNext() ? PlanJson.read(rows.iterator().next().getString("plan"))
                        : null);
    }
}
