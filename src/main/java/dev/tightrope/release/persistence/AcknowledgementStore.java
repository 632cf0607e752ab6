package dev.tightrope.release.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.batch.GroupCommit;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runtimes' acknowledgements in plain SQL, in one transaction per batch: read the deployment, record the
 * acknowledgements, lock the deployment's pending propagations in event order, recount them and complete those every
 * expected runtime has acknowledged (a runtime acknowledging generation 7 holds everything up to 7).
 *
 * <p><b>Batches.</b> A change reaches every runtime at once, and every runtime acknowledges it at once. One
 * transaction each would queue them behind each other on the deployment's pending rows (a few ms each: 1 000
 * runtimes took 6 s). So acknowledgements of one deployment go through a {@link GroupCommit}: the first is written
 * alone, and those that arrive while a batch is being written go together as the next one, up to
 * {@value #MAX_BATCH} per transaction. Each caller still gets its own answer: whether its generation was in range,
 * and, for the last acknowledgement of the batch, the events the batch completed (so each completed event is
 * reported, and timed, once).
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

    /** Acknowledgements per transaction at most. */
    static final int MAX_BATCH = 2_000;

    /** One row per runtime (a batch holds each runtime once: a row cannot be updated twice in one statement). */
    static final String RECORD = "insert into config_ack (agent_id, environment, runtime_id, generation, "
            + "acknowledged_at) select $1, $2, t.runtime_id, t.generation, t.acknowledged_at "
            + "from unnest($3::text[], $4::bigint[], $5::timestamptz[]) as t(runtime_id, generation, acknowledged_at) "
            + "on conflict (agent_id, environment, runtime_id) do update "
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
    private final GroupCommit<Deployment, Acknowledgement, Outcome> batches;

    AcknowledgementStore(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Timer recorded = Timer.builder("tightrope.acknowledgements.recorded")
                .description("From an acknowledgement's arrival until the transaction that recorded it committed: "
                        + "its wait for the deployment's batch in flight, and its own batch's write")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(300), Duration.ofSeconds(1))
                .register(registry);
        this.batches = new GroupCommit<>(MAX_BATCH, this::write,
                nanos -> recorded.record(nanos, TimeUnit.NANOSECONDS));
    }

    /**
     * Records the acknowledgement if the deployment exists and {@code generation} is between 1 and its generation;
     * otherwise changes nothing and says why. Written together with the deployment's other acknowledgements that
     * arrive meanwhile.
     */
    public Uni<Outcome> acknowledge(long agentId, String environment, String runtimeId, long generation,
            Instant now) {
        return batches.submit(new Deployment(agentId, environment), new Acknowledgement(runtimeId, generation,
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
    }

    private record Deployment(long agentId, String environment) {
    }

    private record Acknowledgement(String runtimeId, long generation, OffsetDateTime at) {
    }

    /** One batch of one deployment, in one transaction; one outcome per acknowledgement, in order. */
    private Uni<List<Outcome>> write(Deployment key, List<Acknowledgement> batch) {
        return pool.withTransaction(connection -> connection.preparedQuery(DEPLOYMENT)
                .execute(Tuple.of(key.agentId(), key.environment()))
                .chain(rows -> {
                    Row deployment = first(rows);
                    if (deployment == null) {
                        return Uni.createFrom().item(batch.stream().map(a -> new Outcome(false, 0, List.of()))
                                .toList());
                    }
                    long current = deployment.getLong("generation");
                    // the newest acknowledgement of each runtime in range; the others change nothing more
                    Map<String, Acknowledgement> newest = new LinkedHashMap<>();
                    int last = -1;
                    for (int i = 0; i < batch.size(); i++) {
                        Acknowledgement ack = batch.get(i);
                        if (ack.generation() >= 1 && ack.generation() <= current) {
                            newest.merge(ack.runtimeId(), ack, (a, b) -> b.generation() >= a.generation() ? b : a);
                            last = i;
                        }
                    }
                    List<Outcome> refused = batch.stream().map(a -> new Outcome(true, current, List.of())).toList();
                    if (newest.isEmpty()) {
                        return Uni.createFrom().item(refused);
                    }
                    int reporter = last;
                    OffsetDateTime at = batch.get(last).at();
                    long deploymentId = deployment.getLong("id");
                    return connection.preparedQuery(RECORD).execute(Tuple.of(key.agentId(), key.environment(),
                                    newest.keySet().toArray(String[]::new),
                                    newest.values().stream().map(Acknowledgement::generation).toArray(Long[]::new),
                                    newest.values().stream().map(Acknowledgement::at)
                                            .toArray(OffsetDateTime[]::new)))
                            .chain(() -> complete(connection, deploymentId, key.agentId(), key.environment(), at))
                            .map(completed -> {
                                List<Outcome> outcomes = new ArrayList<>(refused);
                                outcomes.set(reporter, new Outcome(true, current, completed));
                                return outcomes;
                            });
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
