package dev.tightrope.release.persistence;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The version each deployment would return to if it were rolled back now, read for all deployments in one
 * statement: where its stable version came from when it last went live forward (the rule of
 * {@code RollbackTarget}, which the switch transaction applies to the same event). Deployments with a rollout
 * running are left out (their rollback returns to the stable version, whose configuration is in use already), and
 * so are those with nothing to return to.
 */
@ApplicationScoped
public class RollbackTargetStore {

    /** The most recently changed deployments first: they are the likeliest to be rolled back. */
    static final String TARGETS = "select d.agent_id, m.from_version from deployment d "
            + "join lateral (select e.from_version from deployment_event e "
            + "where e.deployment_id = d.id and e.to_version = d.stable_version and e.type in ('DEPLOYED', 'PROMOTED') "
            + "order by e.generation desc limit 1) m on true "
            + "where d.generation > 0 and d.active_rollout_id is null and m.from_version is not null "
            + "order by d.updated_at desc, d.id limit $1";

    /** A version some deployment would roll back to. */
    public record Target(long agentId, int version) {
    }

    private final Pool pool;

    RollbackTargetStore(Pool pool) {
        this.pool = pool;
    }

    /** At most {@code limit} targets, one per deployment (two deployments of an agent may share one). */
    public Uni<List<Target>> targets(int limit) {
        return pool.preparedQuery(TARGETS).execute(Tuple.of(limit)).map(rows -> {
            List<Target> targets = new ArrayList<>(rows.size());
            for (Row row : rows) {
                targets.add(new Target(row.getLong("agent_id"), row.getInteger("from_version")));
            }
            return targets;
        });
    }
}
