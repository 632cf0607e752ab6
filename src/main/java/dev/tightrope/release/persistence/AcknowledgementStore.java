package dev.tightrope.release.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A runtime's acknowledgement in plain SQL, in one transaction: read the deployment, record the acknowledgement,
 * lock the deployment's pending propagations in event order, recount them and complete those every expected
 * runtime has acknowledged (a runtime acknowledging generation 7 holds everything up to 7).
 *
 * <p>Why not Hibernate: a change reaches every runtime at once, so it is followed by one acknowledgement per
 * runtime, all at the same moment. Through the ORM each cost about 5 ms of server CPU, a fifth of it in Hibernate's
 * cache of native-query plans, which gets a new entry with the same hash for every execution of the same native
 * select (docs/benchmarks.md, "Acknowledgements").
 *
 * <p>The pending rows are locked first, in event order, in a statement of their own: concurrent acknowledgements of
 * one deployment then queue instead of deadlocking on rows taken in different orders, and the recount, a later
 * statement, sees every acknowledgement committed before the lock was granted.
 */
@ApplicationScoped
public class AcknowledgementStore {

    static final String DEPLOYMENT = "select id, generation from deployment where agent_id = $1 and environment = $2";

    static final String RECORD = "insert into config_ack (agent_id, environment, runtime_id, generation, "
            + "acknowledged_at) values ($1, $2, $3, $4, $5) on conflict (agent_id, environment, runtime_id) do update "
            + "set acknowledged_at = case when excluded.generation > config_ack.generation "
            + "then excluded.acknowledged_at else config_ack.acknowledged_at end, "
            + "generation = greatest(config_ack.generation, excluded.generation)";

    static final String LOCK_PENDING = "select event_id from event_propagation where deployment_id = $1 "
            + "and status = 'PENDING' order by event_id for update";

    static final String RECOUNT = "update event_propagation p set acknowledged = (select count(*) "
            + "from unnest(p.expected_runtimes) r(runtime_id) join config_ack a on a.runtime_id = r.runtime_id "
            + "and a.agent_id = $2 and a.environment = $3 and a.generation >= p.generation) "
            + "where p.deployment_id = $1 and p.status = 'PENDING'";

    static final String COMPLETE = "update event_propagation p set status = 'ACKNOWLEDGED', propagated_at = $2 "
            + "from deployment_event e where e.id = p.event_id and p.deployment_id = $1 and p.status = 'PENDING' "
            + "and p.acknowledged = cardinality(p.expected_runtimes) "
            + "returning p.event_id, e.type, e.trigger, e.decided_at";

    private final Pool pool;

    AcknowledgementStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the acknowledgement if the deployment exists and {@code generation} is between 1 and its generation;
     * otherwise changes nothing and says why.
     */
    public Uni<Outcome> acknowledge(long agentId, String environment, String runtimeId, long generation,
            Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return pool.withTransaction(connection -> connection.preparedQuery(DEPLOYMENT)
                .execute(Tuple.of(agentId, environment))
                .chain(rows -> {
                    Row deployment = first(rows);
                    if (deployment == null) {
                        return Uni.createFrom().item(new Outcome(false, 0, List.of()));
                    }
                    long current = deployment.getLong("generation");
                    if (generation < 1 || generation > current) {
                        return Uni.createFrom().item(new Outcome(true, current, List.of()));
                    }
                    long deploymentId = deployment.getLong("id");
                    return connection.preparedQuery(RECORD)
                            .execute(Tuple.of(agentId, environment, runtimeId, generation, at))
                            .chain(() -> complete(connection, deploymentId, agentId, environment, at))
                            .map(completed -> new Outcome(true, current, completed));
                }));
    }

    private static Uni<List<Completed>> complete(SqlConnection connection, long deploymentId, long agentId,
            String environment, OffsetDateTime at) {
        return connection.preparedQuery(LOCK_PENDING).execute(Tuple.of(deploymentId)).chain(pending -> {
            if (pending.size() == 0) {
                return Uni.createFrom().item(List.<Completed>of());
            }
            return connection.preparedQuery(RECOUNT).execute(Tuple.of(deploymentId, agentId, environment))
                    .chain(() -> connection.preparedQuery(COMPLETE).execute(Tuple.of(deploymentId, at)))
                    .map(AcknowledgementStore::completed);
        });
    }

    private static List<Completed> completed(RowSet<Row> rows) {
        List<Completed> completed = new ArrayList<>();
        for (Row row : rows) {
            completed.add(new Completed(row.getLong("event_id"), TrafficChangeType.valueOf(row.getString("type")),
                    Trigger.valueOf(row.getString("trigger")), row.getOffsetDateTime("decided_at").toInstant()));
        }
        return completed;
    }

    private static Row first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next() : null;
    }

    /**
     * What an acknowledgement found and did.
     *
     * @param deployed   whether the deployment exists
     * @param generation the deployment's generation (0 when it does not exist)
     * @param completed  the events every expected runtime has now acknowledged (empty when nothing was recorded)
     */
    public record Outcome(boolean deployed, long generation, List<Completed> completed) {
    }

    /** An event whose propagation this acknowledgement completed. */
    public record Completed(long eventId, TrafficChangeType type, Trigger trigger, Instant decidedAt) {
    }
}
