package dev.tightrope.release.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SortedMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import dev.tightrope.release.domain.RollbackTarget.StableChange;
import dev.tightrope.release.domain.Rollout;
import dev.tightrope.release.domain.RolloutStatus;
import dev.tightrope.release.domain.ToolGate;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The traffic change transaction in plain SQL, in two round trips to PostgreSQL:
 *
 * <ol>
 * <li>BEGIN, LOCK (lock the deployment row), READ (everything a decision needs, read once the lock is held) and,
 * when the request carries an idempotency key, REPLAY (the event recorded under that key for this deployment: keys
 * are per deployment) travel together;</li>
 * <li>WRITE (the whole decision in one statement) and COMMIT travel together.</li>
 * </ol>
 *
 * <p>"Together" is the Vert.x client's pipelining: it sends a command without waiting for the answers of the ones
 * before it on the same connection, up to {@code quarkus.datasource.reactive.postgresql.pipelining-limit} in flight
 * (unset in Tightrope, so the client's default of 256). PostgreSQL still runs them one after the other, so LOCK runs
 * inside the transaction and REPLAY runs once the lock is held, exactly as if each had waited for the one before.
 * {@code pool.withTransaction} cannot do this: it waits for BEGIN's answer before running the work, so BEGIN is sent
 * here as a plain statement on a connection of {@code pool.withConnection}. See {@link TrafficTransaction} for how the
 * answers are read and why a connection never goes back to the pool inside a transaction.
 *
 * <p>A change that writes nothing (a replayed retry, or one refused after LOCK) ends with ROLLBACK instead of
 * WRITE and COMMIT: two round trips as well. Extra round trips, rare by design: the first change of a deployment (no
 * row yet: CREATE, then LOCK and REPLAY again) adds one; so does each statement's first use on a pooled connection,
 * because the client prepares a statement it has not cached yet and waits for that before executing it (the cache is
 * on by default for PostgreSQL, and WRITE is kept short enough for it, see {@link #WRITE}).
 *
 * <p>Why not Hibernate: a rollback is rare, so its code path is rarely compiled by the JIT, and every statement
 * through the ORM cost milliseconds of CPU that a few SQL statements on the reactive client do not (the rollback
 * benchmark, docs/benchmarks.md, went from about eleven statements to four, now in two round trips).
 */
@ApplicationScoped
public class TrafficStore {

    private static final String DEPLOYMENT_COLUMNS = "d.id, d.stable_version, d.generation, d.active_rollout_id, "
            + "d.tool_gates, "
            + "r.canary_version, r.baseline_version, r.weight, r.salt, r.status, r.started_at as rollout_started_at, "
            + "exists(select 1 from agent_version v where v.agent_id = d.agent_id and v.number = $3) as version_exists, "
            + "exists(select 1 from deployment_event w where w.deployment_id = d.id and w.to_version = $3 "
            + "and w.type in ('DEPLOYED', 'PROMOTED', 'ROLLED_BACK')) as version_was_stable, "
            + "m.type as move_type, m.from_version as move_from, m.to_version as move_to, "
            + "(select max(s.committed_at) from deployment_event s where s.deployment_id = d.id "
            + "and s.to_version = d.stable_version and s.type in ('DEPLOYED', 'PROMOTED') and s.trigger <> 'DRILL') "
            + "as stable_released_at";

    /**
     * Locks the deployment row, and reads nothing else: what a decision needs is read by {@link #READ}, the next
     * statement, once the lock is held.
     *
     * <p>Why two statements: under READ COMMITTED, a {@code SELECT ... FOR UPDATE} that waited for a concurrent
     * change of the row re-reads only the locked row itself when that change commits; the rows it joined (the
     * rollout, the last move) stay as its snapshot saw them before the wait. A change queued behind one that started
     * a rollout saw the new {@code active_rollout_id} but no rollout row for it (a NullPointerException, answered as
     * INTERNAL). A statement sent after the lock is granted takes a new snapshot, which sees every change committed
     * before the lock was.
     */
    static final String LOCK = "select d.id from deployment d where d.agent_id = $1 and d.environment = $2 "
            + "for update";

    /** Everything a decision needs, read right after {@link #LOCK} in the same transaction. */
    static final String READ = "select " + DEPLOYMENT_COLUMNS + " from deployment d "
            + "left join rollout r on r.id = d.active_rollout_id "
            + "left join lateral (select e.type, e.from_version, e.to_version from deployment_event e "
            + "where e.deployment_id = d.id and e.to_version = d.stable_version and e.type in ('DEPLOYED', 'PROMOTED') "
            + "order by e.generation desc limit 1) m on true "
            + "where d.agent_id = $1 and d.environment = $2";

    static final String CREATE = "insert into deployment (agent_id, environment, generation, updated_at) "
            + "values ($1, $2, 0, $3) on conflict (agent_id, environment) do nothing";

    static final String REPLAY = "select e.id, e.deployment_id, e.generation, e.type, e.trigger, "
            + "e.from_version, e.to_version, e.rollout_id, e.weight_before, e.weight_after, e.actor, e.reason, "
            + "e.decided_at, e.committed_at, e.request_fingerprint, p.status as p_status, p.propagated_at as p_at, "
            + "cardinality(p.expected_runtimes) as p_expected, p.acknowledged as p_acknowledged "
            + "from deployment_event e left join event_propagation p on p.event_id = e.id "
            + "where e.idempotency_key = $1 "
            + "and e.deployment_id = (select id from deployment where agent_id = $2 and environment = $3)";

    /*
     * One statement writes the whole decision. Data-modifying CTEs all run exactly once, against one snapshot;
     * foreign keys between the rows they insert (deployment -> new rollout, event -> rollout, propagation ->
     * event) are checked at the end of the statement, when all rows exist. Whitespace is collapsed so the text
     * stays under the client's limit for caching prepared statements (2 048 characters; TrafficStoreTest).
     * COMMIT is sent right behind this statement, before its answer is known, so it checks itself: "updated" is 1,
     * or a division by zero fails the statement, and with it the transaction, if the deployment row was not updated.
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
                       active_rollout_id = case when $15::boolean then (select id from chosen_rollout) end,
                       tool_gates = $30::text
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
                   1 / (select count(*) from changed_deployment) as updated
            from event, runtimes
            """.replaceAll("\\s+", " ").strip();

    private final Pool pool;

    TrafficStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs one traffic change in one transaction on one pooled connection: locks the deployment row (creating an
     * empty one, generation 0, on first use) and reads what a decision needs, then hands the
     * {@link TrafficTransaction} to the work. The work either calls {@link TrafficTransaction#write}, which commits,
     * or writes nothing; whatever it did not commit (it wrote nothing, threw, or failed) is rolled back before the
     * connection goes back to the pool, and its outcome (item or failure) is passed on unchanged.
     */
    public <T> Uni<T> inTransaction(LockRequest request, Function<TrafficTransaction, Uni<T>> work) {
        // the function given to withConnection must not throw: its Uni would never complete and the connection
        // would never be released; everything that can fail is inside the Uni
        return pool.withConnection(connection -> {
            TrafficTransaction transaction = new TrafficTransaction(connection.getDelegate());
            return Uni.createFrom().deferred(() -> UniHelper.toUni(transaction.open(request)))
                    .chain(() -> work.apply(transaction))
                    .onItemOrFailure().transformToUni(transaction::end);
        });
    }

    static Tuple lockArguments(LockRequest request) {
        return Tuple.of(request.agentId(), request.environment());
    }

    static Tuple readArguments(LockRequest request) {
        return Tuple.of(request.agentId(), request.environment(), request.version());
    }

    static Tuple createArguments(LockRequest request) {
        return Tuple.of(request.agentId(), request.environment(), utc(request.now()));
    }

    static Tuple writeArguments(Decision d) {
        Object[] values = {
            d.deploymentId(), d.agentId(), d.newRolloutCanary(), d.newRolloutBaseline(), d.newRolloutWeight(),
            d.newRolloutSalt(), utc(d.committedAt()), d.startsRollout(),
            d.rolloutWeight(), d.rolloutStatus() == null ? null : d.rolloutStatus().name(), utc(d.rolloutEndedAt()),
            d.existingRolloutId(),
            d.stableVersion(), d.generation(), d.keepsRollout(),
            d.type().name(), d.trigger().name(), d.fromVersion(), d.toVersion(), d.weightBefore(), d.weightAfter(),
            d.actor(), d.reason(), utc(d.decidedAt()), d.idempotencyKey(), d.fingerprint(),
            d.environment(), utc(d.liveSince()), utc(d.propagationDeadline()), d.toolGates()
        };
        return Tuple.from(values);
    }

    static Written toWritten(Row row) {
        return new Written(row.getLong("id"), row.getLong("rollout_id"), row.getInteger("runtimes"));
    }

    static LockedDeployment toLocked(Row row) {
        Long rolloutId = row.getLong("active_rollout_id");
        Rollout rollout = rolloutId == null ? null : new Rollout(rolloutId, row.getInteger("canary_version"),
                row.getInteger("baseline_version"), row.getInteger("weight"), row.getString("salt"),
                RolloutStatus.valueOf(row.getString("status")));
        String moveType = row.getString("move_type");
        StableChange lastMove = moveType == null ? null : new StableChange(TrafficChangeType.valueOf(moveType),
                row.getInteger("move_from"), row.getInteger("move_to"));
        return new LockedDeployment(row.getLong("id"), row.getInteger("stable_version"), row.getLong("generation"),
                rollout, Boolean.TRUE.equals(row.getBoolean("version_exists")),
                Boolean.TRUE.equals(row.getBoolean("version_was_stable")), lastMove,
                ToolGatesJson.read(row.getString("tool_gates")), instant(row.getOffsetDateTime("rollout_started_at")),
                instant(row.getOffsetDateTime("stable_released_at")));
    }

    static RecordedEvent toRecorded(Row row) {
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

    /**
     * What to lock and what to read with it.
     *
     * @param version        a version the decision names, whose existence LOCK checks; or null
     * @param idempotencyKey the request's key, looked up in the same round trip as LOCK; or null (no lookup)
     * @param now            the {@code updated_at} of a deployment row created on first use
     */
    public record LockRequest(long agentId, String environment, Integer version, String idempotencyKey,
            Instant now) {
    }

    /**
     * The locked deployment and what a decision on it needs to know.
     *
     * @param versionWasStable  whether the request's version was ever the stable version here (deployed, promoted or
     *                          rolled back to): what a rollback to a named version must return to
     * @param rolloutStartedAt  when the active rollout started; null without one
     * @param stableReleasedAt  when the stable version was last deployed or promoted, not by a drill; null when it
     *                          never was (the release a rollback of it undoes, for tightrope_time_to_recover)
     */
    public record LockedDeployment(long id, Integer stableVersion, long generation, Rollout rollout,
            boolean versionExists, boolean versionWasStable, StableChange lastForwardMoveToStable,
            SortedMap<String, ToolGate> toolGates, Instant rolloutStartedAt, Instant stableReleasedAt) {
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
     * @param toolGates          the deployment's tool gates after the change, as {@link ToolGatesJson} writes them
     */
    public record Decision(long deploymentId, long agentId, String environment, boolean startsRollout,
            Integer newRolloutCanary, Integer newRolloutBaseline, Integer newRolloutWeight, String newRolloutSalt,
            Long existingRolloutId, Integer rolloutWeight, RolloutStatus rolloutStatus, Instant rolloutEndedAt,
            Integer stableVersion, long generation, boolean keepsRollout, TrafficChangeType type, Trigger trigger,
            Integer fromVersion, Integer toVersion, Integer weightBefore, Integer weightAfter, String actor,
            String reason, Instant decidedAt, Instant committedAt, String idempotencyKey, String fingerprint,
            Instant liveSince, Instant propagationDeadline, String toolGates) {
    }

    /** What the write produced: the event's id, the rollout it concerns, and how many runtimes must acknowledge. */
    public record Written(long eventId, Long rolloutId, int runtimesExpected) {
    }
}
