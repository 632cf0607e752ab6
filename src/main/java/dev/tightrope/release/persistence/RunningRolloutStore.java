package dev.tightrope.release.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.RolloutStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The active rollouts with what an automation needs of each: its deployment, versions, weight, the generation to
 * expect, and when its current weight was set (the start of the current step).
 */
@ApplicationScoped
public class RunningRolloutStore {

    private static final String SELECT = "select r.id, r.deployment_id, a.slug, d.environment, d.generation, "
            + "d.stable_version, r.canary_version, r.weight, r.status, r.started_at, "
            + "(select max(e.committed_at) from deployment_event e where e.rollout_id = r.id "
            + "and e.type in ('ROLLOUT_STARTED', 'ROLLOUT_ADVANCED') and e.weight_after = r.weight) as weight_set_at "
            + "from rollout r join deployment d on d.active_rollout_id = r.id join agent a on a.id = d.agent_id ";

    static final String ACTIVE = SELECT + "where r.status in ('RUNNING', 'PAUSED')";

    static final String BY_ID = SELECT + "where r.id = $1";

    private final Pool pool;

    RunningRolloutStore(Pool pool) {
        this.pool = pool;
    }

    /** One active rollout. {@code weightSetAt} is when its weight was last set by a start or an advance. */
    public record ActiveRollout(long rolloutId, long deploymentId, String agent, String environment, long generation,
            int stableVersion, int canaryVersion, int weight, RolloutStatus status, Instant startedAt,
            Instant weightSetAt) {
    }

    public Uni<List<ActiveRollout>> active() {
        return pool.query(ACTIVE).execute().map(rows -> {
            List<ActiveRollout> active = new ArrayList<>();
            for (Row row : rows) {
                active.add(toActive(row));
            }
            return active;
        });
    }

    public Uni<ActiveRollout> byId(long rolloutId) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(rolloutId))
                .map(rows -> rows.iterator().hasNext() ? toActive(rows.iterator().next()) : null);
    }

    private static ActiveRollout toActive(Row row) {
        Instant started = row.getOffsetDateTime("started_at").toInstant();
        var set = row.getOffsetDateTime("weight_set_at");
        return new ActiveRollout(row.getLong("id"), row.getLong("deployment_id"), row.getString("slug"),
                row.getString("environment"), row.getLong("generation"), row.getInteger("stable_version"),
                row.getInteger("canary_version"), row.getInteger("weight"),
                RolloutStatus.valueOf(row.getString("status")), started, set == null ? started : set.toInstant());
    }
}
