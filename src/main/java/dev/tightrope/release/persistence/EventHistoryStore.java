package dev.tightrope.release.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.EventHistory;
import dev.tightrope.release.domain.EventRecord;
import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An agent's event history over a period, in plain SQL on the reactive client: each event with its propagation,
 * its idempotency key and its rollout's start, read in one statement per part (the period's events, and the
 * releases before it). Read-only, outside any transaction: the two statements may see different snapshots, which
 * changes nothing, since a change committed between them was committed after {@code since} (so it is no earlier
 * release) and after the period was read (so it belongs to a later answer).
 */
@ApplicationScoped
public class EventHistoryStore {

    private static final String COLUMNS = "e.id, d.environment, e.generation, e.type, e.trigger, e.from_version, "
            + "e.to_version, e.rollout_id, e.weight_before, e.weight_after, e.actor, e.reason, e.decided_at, "
            + "e.committed_at, e.idempotency_key, r.started_at as rollout_started_at, p.status as p_status, "
            + "p.propagated_at as p_at, cardinality(p.expected_runtimes) as p_expected, p.acknowledged as p_acknowledged";

    private static final String FROM = " from deployment d join deployment_event e on e.deployment_id = d.id "
            + "left join rollout r on r.id = e.rollout_id left join event_propagation p on p.event_id = e.id "
            + "where d.agent_id = $1 and ($2::text is null or d.environment = $2) ";

    /** The period's events, oldest first; $4 is one more than the limit, to tell whether there were more. */
    static final String PERIOD = "select " + COLUMNS + FROM + "and e.committed_at >= $3 "
            + "order by e.committed_at, e.id limit $4";

    /** Per deployment and version, the last forward move to it before the period that was not a drill's. */
    static final String EARLIER_RELEASES = "select distinct on (e.deployment_id, e.to_version) " + COLUMNS + FROM
            + "and e.committed_at < $3 and e.type in ('DEPLOYED', 'PROMOTED') and e.trigger <> 'DRILL' "
            + "order by e.deployment_id, e.to_version, e.generation desc limit $4";

    private final Pool pool;

    EventHistoryStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param environment one environment, or {@code null} for every environment of the agent
     * @param limit       the most events of the period to read (and, separately, the most earlier releases)
     */
    public Uni<EventHistory> history(long agentId, String agent, String environment, Instant since, int limit) {
        OffsetDateTime from = OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
        return pool.preparedQuery(PERIOD).execute(Tuple.of(agentId, environment, from, limit + 1))
                .chain(period -> pool.preparedQuery(EARLIER_RELEASES)
                        .execute(Tuple.of(agentId, environment, from, limit))
                        .map(earlier -> {
                            List<EventRecord> events = records(period, agent);
                            boolean truncated = events.size() > limit;
                            return new EventHistory(truncated ? events.subList(0, limit) : events,
                                    records(earlier, agent), truncated);
                        }));
    }

    private static List<EventRecord> records(RowSet<Row> rows, String agent) {
        List<EventRecord> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String status = row.getString("p_status");
            Propagation propagation = status == null ? null : new Propagation(PropagationStatus.valueOf(status),
                    instant(row, "p_at"), row.getInteger("p_expected"), row.getInteger("p_acknowledged"));
            DeploymentEvent event = new DeploymentEvent(row.getLong("id"), agent, row.getString("environment"),
                    row.getLong("generation"), TrafficChangeType.valueOf(row.getString("type")),
                    Trigger.valueOf(row.getString("trigger")), row.getInteger("from_version"),
                    row.getInteger("to_version"), row.getLong("rollout_id"), row.getInteger("weight_before"),
                    row.getInteger("weight_after"), row.getString("actor"), row.getString("reason"),
                    instant(row, "decided_at"), instant(row, "committed_at"), propagation);
            records.add(new EventRecord(event, row.getString("idempotency_key"), instant(row, "rollout_started_at")));
        }
        return records;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
