package dev.tightrope.release.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import dev.tightrope.release.domain.RollbackTarget.StableChange;
import dev.tightrope.release.domain.Rollout;
import dev.tightrope.release.domain.RolloutStatus;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The traffic change transaction in plain SQL, in as few round trips as the work allows: one to lock and read
 * everything a decision needs ({@link #lock}), one to write the decision ({@link #write}), plus the transaction's
 * BEGIN and COMMIT. Replaying an idempotent retry adds one ({@link #findByIdempotencyKey}).
 *
 * <p>Why not Hibernate: a rollback is rare, so its code path is rarely compiled by the JIT, and every statement
 * through the ORM cost milliseconds of CPU that a few SQL statements on the reactive client do not (the rollback
 * benchmark, docs/benchmarks.md, went from about eleven statements to four).
 */
@ApplicationScoped
public class TrafficStore {

    private static final String DEPLOYMENT_COLUMNS = "d.id, d.stable_version, d.generation, d.active_rollout_id, "
            + "r.canary_version, r.baseline_version, r.weight, r.salt, r.status, "
            + "exists(select 1 from agent_version v where v.agent_id = d.agent_id and v.number = $3) as version_exists, "
            + "m.type as move_type, m.from_version as move_from, m.to_version as move_to";

    private static final String LOCK = "select " + DEPLOYMENT_COLUMNS + " from deployment d "
            + "left join rollout r on r.id = d.active_rollout_id "
            + "left join lateral (select e.type, e.from_version, e.to_version from deployment_event e "
            + "where e.deployment_id = d.id and e.to_version = d.stable_version and e.type in ('DEPLOYED', 'PROMOTED') "
            + "order by e.generation desc limit 1) m on true "
            + "where d.agent_id = $1 and d.environment = $2 for update of d";

    private static final String CREATE = "insert into deployment (agent_id, environment, generation, updated_at) "
            + "values ($1, $2, 0, $3) on conflict (agent_id, environment) do nothing";

    private static final String REPLAY = "select e.id, e.deployment_id, e.generation, e.type, e.trigger, "
            + "e.from_version, e.to_version, e.rollout_id, e.weight_before, e.weight_after, e.actor, e.reason, "
            + "e.decided_at, e.committed_at, e.request_fingerprint, p.status as p_status, p.propagated_at as p_at, "
            + "cardinality(p.expected_runtimes) as p_expected, p.acknowledged as p_acknowledged "
            + "from deployment_event e left join event_propagation p on p.event_id = e.id "
            + "where e.idempotency_key = $1";

    /*
     * One statement writes the whole decision. Data-modifying CTEs all run exactly once, against one snapshot;
     * foreign keys between the rows they insert (deployment -> new rollout, event -> rollout, propagation ->
     * event) are checked at the end of the statement, when all rows exist. Whitespace is collapsed so the text
     * stays under the client's limit for caching prepared statements (2 048 characters; TrafficStoreTest).
     */
    static final String WRITE = """
            with new_rollout as (
                insert into rollout (deployment_id, agent_id, canary_version, baseline_version, weight, salt, status,
                                     started_at)
                select $1::bigint, $2::bigint, $3::int, $4::int, $5::int, $6::text, 'RUNNING', $7::timestamptz
                where $8::boolean
                returning id),
            changed_rollout as (
                update rollout set weight = $9::int, status = $10::text, ended_at = $11::timestamptz
                where id = $12::bigint
                returning id),
            chosen_rollout as (
                select coalesce((select id from new_rollout), $12::bigint) as id),
            changed_deployment as (
                update deployment set stable_version = $13::int, generation = $14::bigint, updated_at = $7::timestamptz,
                       active_rollout_id = case when $15::boolean then (select id from chosen_rollout) end
                where id = $1::bigint
                returning id),
            event as (
                insert into deployment_event (deployment_id, generation, type, trigger, from_version, to_version,
                       rollout_id, weight_before, weight_after, actor, reason, decided_at, committed_at,
                       idempotency_key, request_fingerprint)
                select $1::bigint, $14::bigint, $16::text, $17::text, $18::int, $19::int, chosen_rollout.id,
                       $20::int, $21::int, $22::text, $23::text, $24::timestamptz, $7::timestamptz, $25::text, $26::text
                from chosen_rollout
                returning id, rollout_id),
            runtimes as (
                select coalesce(array_agg(distinct runtime_id order by runtime_id), '{}'::text[]) as ids
                from config_subscription
                where agent_id = $2::bigint and environment = $27::text and disconnected_at is null
                  and last_seen_at >= $28::timestamptz),
            propagation as (
                insert into event_propagation (event_id, deployment_id, generation, expected_runtimes, status, deadline,
                                               propagated_at)
                select event.id, $1::bigint, $14::bigint, runtimes.ids,
                       case when cardinality(runtimes.ids) = 0 then 'NO_RUNTIMES' else 'PENDING' end,
                       $29::timestamptz, case when cardinality(runtimes.ids) = 0 then $7::timestamptz end
                from event, runtimes)
            select event.id, event.rollout_id, cardinality(runtimes.ids) as runtimes,
                   (select count(*) from changed_deployment) as deployments
            from event, runtimes
            """.replaceAll("\\s+", " ").strip();

    private final Pool pool;

    TrafficStore(Pool pool) {
        this.pool = pool;
    }

    /** Runs the work in one transaction on one connection: committed when it succeeds, rolled back otherwise. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /**
     * Locks the deployment row (creating an empty one, generation 0, on first use) until the transaction ends, and
     * reads what a decision needs: the state, the active rollout, whether {@code version} exists for the agent, and
     * the latest forward move to the stable version (where a rollback without canary goes).
     */
    public Uni<LockedDeployment> lock(SqlConnection connection, long agentId, String environment, Integer version,
            Instant now) {
        Tuple key = Tuple.of(agentId, environment, version);
        return connection.preparedQuery(LOCK).execute(key).chain(rows -> rows.size() > 0
                ? Uni.createFrom().item(rows)
                : connection.preparedQuery(CREATE).execute(Tuple.of(agentId, environment, utc(now)))
                        .chain(() -> connection.preparedQuery(LOCK).execute(key)))
                .map(rows -> toLocked(rows.iterator().next()));
    }

    /** The event recorded under this idempotency key, with its propagation, or {@code null}. */
    public Uni<RecordedEvent> findByIdempotencyKey(SqlConnection connection, String idempotencyKey) {
        return connection.preparedQuery(REPLAY).execute(Tuple.of(idempotencyKey))
                .map(rows -> rows.size() == 0 ? null : toRecorded(rows.iterator().next()));
    }

    /** Writes one decision: rollout, deployment, event and its propagation, in one statement. */
    public Uni<Written> write(SqlConnection connection, Decision d) {
        Object[] values = {
            d.deploymentId(), d.agentId(), d.newRolloutCanary(), d.newRolloutBaseline(), d.newRolloutWeight(),
            d.newRolloutSalt(), utc(d.committedAt()), d.startsRollout(),
            d.rolloutWeight(), d.rolloutStatus() == null ? null : d.rolloutStatus().name(), utc(d.rolloutEndedAt()),
            d.existingRolloutId(),
            d.stableVersion(), d.generation(), d.keepsRollout(),
            d.type().name(), d.trigger().name(), d.fromVersion(), d.toVersion(), d.weightBefore(), d.weightAfter(),
            d.actor(), d.reason(), utc(d.decidedAt()), d.idempotencyKey(), d.fingerprint(),
            d.environment(), utc(d.liveSince()), utc(d.propagationDeadline())
        };
        return connection.preparedQuery(WRITE).execute(Tuple.from(values)).map(rows -> {
            Row row = rows.iterator().next();
            if (row.getLong("deployments") != 1) {
                throw new IllegalStateException("deployment " + d.deploymentId() + " was not updated");
            }
            return new Written(row.getLong("id"), row.getLong("rollout_id"), row.getInteger("runtimes"));
        });
    }

    private static LockedDeployment toLocked(Row row) {
        Long rolloutId = row.getLong("active_rollout_id");
        Rollout rollout = rolloutId == null ? null : new Rollout(rolloutId, row.getInteger("canary_version"),
                row.getInteger("baseline_version"), row.getInteger("weight"), row.getString("salt"),
                RolloutStatus.valueOf(row.getString("status")));
        String moveType = row.getString("move_type");
        StableChange lastMove = moveType == null ? null : new StableChange(TrafficChangeType.valueOf(moveType),
                row.getInteger("move_from"), row.getInteger("move_to"));
        return new LockedDeployment(row.getLong("id"), row.getInteger("stable_version"), row.getLong("generation"),
                rollout, Boolean.TRUE.equals(row.getBoolean("version_exists")), lastMove);
    }

    private static RecordedEvent toRecorded(Row row) {
        String status = row.getString("p_status");
        Propagation propagation = status == null ? null : new Propagation(PropagationStatus.valueOf(status),
                instant(row.getOffsetDateTime("p_at")), row.getInteger("p_expected"), row.getInteger("p_acknowledged"));
        return new RecordedEvent(row.getLong("id"), row.getLong("deployment_id"), row.getLong("generation"),
                TrafficChangeType.valueOf(row.getString("type")), Trigger.valueOf(row.getString("trigger")),
                row.getInteger("from_version"), row.getInteger("to_version"), row.getLong("rollout_id"),
                row.getInteger("weight_before"), row.getInteger("weight_after"), row.getString("actor"),
                row.getString("reason"), instant(row.getOffsetDateTime("decided_at")),
                instant(row.getOffsetDateTime("committed_at")), row.getString("request_fingerprint"), propagation);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** The locked deployment and what a decision on it needs to know. */
    public record LockedDeployment(long id, Integer stableVersion, long generation, Rollout rollout,
            boolean versionExists, StableChange lastForwardMoveToStable) {
    }

    /** An event read back for an idempotent replay. */
    public record RecordedEvent(long id, long deploymentId, long generation, TrafficChangeType type, Trigger trigger,
            Integer fromVersion, Integer toVersion, Long rolloutId, Integer weightBefore, Integer weightAfter,
            String actor, String reason, Instant decidedAt, Instant committedAt, String fingerprint,
            Propagation propagation) {
    }

    /**
     * Everything one decision writes.
     *
     * @param startsRollout      insert a rollout from the newRollout* values
     * @param existingRolloutId  the active rollout to update with rolloutWeight/rolloutStatus/rolloutEndedAt, or null
     * @param keepsRollout       whether the deployment keeps an active rollout (the new or the existing one)
     * @param liveSince          runtimes seen since then are expected to acknowledge
     */
    public record Decision(long deploymentId, long agentId, String environment, boolean startsRollout,
            Integer newRolloutCanary, Integer newRolloutBaseline, Integer newRolloutWeight, String newRolloutSalt,
            Long existingRolloutId, Integer rolloutWeight, RolloutStatus rolloutStatus, Instant rolloutEndedAt,
            Integer stableVersion, long generation, boolean keepsRollout, TrafficChangeType type, Trigger trigger,
            Integer fromVersion, Integer toVersion, Integer weightBefore, Integer weightAfter, String actor,
            String reason, Instant decidedAt, Instant committedAt, String idempotencyKey, String fingerprint,
            Instant liveSince, Instant propagationDeadline) {
    }

    /** What the write produced: the event's id, the rollout it concerns, and how many runtimes must acknowledge. */
    public record Written(long eventId, Long rolloutId, int runtimesExpected) {
    }
}
