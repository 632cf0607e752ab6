package dev.tightrope.governance.persistence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.governance.domain.ChangeOperation;
import dev.tightrope.governance.domain.ChangeRequest;
import dev.tightrope.governance.domain.ChangeState;
import dev.tightrope.governance.domain.Freeze;
import dev.tightrope.governance.domain.FreezeWindow;
import dev.tightrope.governance.domain.Protection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Protected environments, release freezes and change requests, in plain SQL on the reactive client. */
@ApplicationScoped
public class GovernanceStore {

    private static final String PROTECTION = "id, agent, environment, require_approval, soak_environment, "
            + "minimum_soak_seconds, updated_at, updated_by";
    private static final String PROTECTIONS = "select " + PROTECTION + " from protected_environment where "
            + "($1::text is null or environment = $1) and ($2::text is null or agent = $2 or agent is null) "
            + "order by environment, agent nulls first";
    private static final String SAVE_PROTECTION = "insert into protected_environment (agent, environment, "
            + "require_approval, soak_environment, minimum_soak_seconds, updated_at, updated_by) values "
            + "($1, $2, $3, $4, $5, $6, $7) on conflict ((coalesce(agent, '')), environment) do update set "
            + "require_approval = excluded.require_approval, soak_environment = excluded.soak_environment, "
            + "minimum_soak_seconds = excluded.minimum_soak_seconds, updated_at = excluded.updated_at, "
            + "updated_by = excluded.updated_by returning " + PROTECTION;
    private static final String DELETE_PROTECTION = "delete from protected_environment where environment = $1 "
            + "and coalesce(agent, '') = coalesce($2::text, '') returning " + PROTECTION;

    private static final String FREEZE = "id, agent, environment, kind, starts_at, ends_at, start_day, start_time, "
            + "end_day, end_time, time_zone, reason, created_at, created_by";
    private static final String FREEZES = "select " + FREEZE + " from release_freeze where "
            + "($1::text is null or environment = $1) and ($2::text is null or agent = $2 or agent is null) "
            + "order by id";
    private static final String SAVE_FREEZE = "insert into release_freeze (agent, environment, kind, starts_at, "
            + "ends_at, start_day, start_time, end_day, end_time, time_zone, reason, created_at, created_by) values "
            + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning " + FREEZE;
    private static final String FREEZE_BY_ID = "select " + FREEZE + " from release_freeze where id = $1";
    private static final String DELETE_FREEZE = "delete from release_freeze where id = $1 returning " + FREEZE;

    private static final String REQUEST = "id, agent, environment, operation, arguments, reason, generation, "
            + "trigger, state, requested_by, requested_at, expires_at, decided_by, decided_at, decision_reason, "
            + "event_generation, outcome";
    private static final String SAVE_REQUEST = "insert into change_request (agent, environment, operation, "
            + "arguments, reason, generation, trigger, state, requested_by, requested_at, expires_at) values "
            + "($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $10) returning " + REQUEST;
    private static final String REQUEST_BY_ID = "select " + REQUEST + " from change_request where id = $1";
    private static final String REQUESTS = "select " + REQUEST + " from change_request where "
            + "($1::text is null or state = $1) and ($2::text is null or agent = $2) "
            + "and ($3::text is null or environment = $3) order by id desc limit $4";
    private static final String CLAIM = "update change_request set state = 'APPROVED', decided_by = $2, "
            + "decided_at = $3 where id = $1 and state = 'PENDING' and expires_at > $3 returning " + REQUEST;
    private static final String FINISH = "update change_request set state = $2, event_generation = $3, "
            + "outcome = $4 where id = $1 and state = 'APPROVED' returning " + REQUEST;
    private static final String RELEASE = "update change_request set state = 'PENDING', decided_by = null, "
            + "decided_at = null where id = $1 and state = 'APPROVED' returning " + REQUEST;
    private static final String REJECT = "update change_request set state = 'REJECTED', decided_by = $2, "
            + "decided_at = $3, decision_reason = $4 where id = $1 and state = 'PENDING' returning " + REQUEST;
    private static final String EXPIRE = "update change_request set state = 'EXPIRED', "
            + "outcome = 'Nobody decided before it expired' where state = 'PENDING' and expires_at <= $1 "
            + "returning " + REQUEST;
    private static final String UNSTICK = "update change_request set state = 'PENDING', decided_by = null, "
            + "decided_at = null where state = 'APPROVED' and decided_at <= $1 returning " + REQUEST;

    private final Pool pool;

    GovernanceStore(Pool pool) {
        this.pool = pool;
    }

    // protected environments

    /** Protections, filtered: {@code environment} null for every one; {@code agent} also keeps rules for all. */
    public Uni<List<Protection>> protections(String environment, String agent) {
        return pool.preparedQuery(PROTECTIONS).execute(Tuple.tuple().addString(environment).addString(agent))
                .map(rows -> all(rows, GovernanceStore::protection));
    }

    public Uni<Protection> saveProtection(String agent, String environment, boolean requireApproval,
            String soakEnvironment, Duration minimumSoak, Instant now, String actor) {
        return pool.preparedQuery(SAVE_PROTECTION).execute(Tuple.tuple().addString(agent).addString(environment)
                .addBoolean(requireApproval).addString(soakEnvironment)
                .addLong(minimumSoak == null ? null : minimumSoak.toSeconds()).addOffsetDateTime(utc(now))
                .addString(actor)).map(rows -> first(rows, GovernanceStore::protection));
    }

    /** The removed protection, or {@code null} when there was none. */
    public Uni<Protection> deleteProtection(String agent, String environment) {
        return pool.preparedQuery(DELETE_PROTECTION).execute(Tuple.tuple().addString(environment).addString(agent))
                .map(rows -> first(rows, GovernanceStore::protection));
    }

    // release freezes

    public Uni<List<Freeze>> freezes(String environment, String agent) {
        return pool.preparedQuery(FREEZES).execute(Tuple.tuple().addString(environment).addString(agent))
                .map(rows -> all(rows, GovernanceStore::freeze));
    }

    public Uni<Freeze> saveFreeze(String agent, String environment, FreezeWindow window, String reason,
            Instant now, String actor) {
        Tuple values = Tuple.tuple().addString(agent).addString(environment);
        if (window instanceof FreezeWindow.Interval interval) {
            values.addString("INTERVAL").addOffsetDateTime(utc(interval.from())).addOffsetDateTime(utc(interval.to()))
                    .addShort(null).addString(null).addShort(null).addString(null).addString(null);
        } else if (window instanceof FreezeWindow.Weekly weekly) {
            values.addString("WEEKLY").addOffsetDateTime(null).addOffsetDateTime(null)
                    .addShort((short) weekly.startDay().getValue()).addString(weekly.startTime().toString())
                    .addShort((short) weekly.endDay().getValue()).addString(weekly.endTime().toString())
                    .addString(weekly.zone().getId());
        }
        values.addString(reason).addOffsetDateTime(utc(now)).addString(actor);
        return pool.preparedQuery(SAVE_FREEZE).execute(values).map(rows -> first(rows, GovernanceStore::freeze));
    }

    public Uni<Freeze> freeze(long id) {
        return pool.preparedQuery(FREEZE_BY_ID).execute(Tuple.of(id)).map(rows -> first(rows, GovernanceStore::freeze));
    }

    /** The deleted freeze, or {@code null} when there was none. */
    public Uni<Freeze> deleteFreeze(long id) {
        return pool.preparedQuery(DELETE_FREEZE).execute(Tuple.of(id))
                .map(rows -> first(rows, GovernanceStore::freeze));
    }

    // change requests

    public Uni<ChangeRequest> saveRequest(String agent, String environment, ChangeOperation operation,
            Map<String, Object> arguments, String reason, long generation, String trigger, String requester,
            Instant now, Instant expiresAt) {
        return pool.preparedQuery(SAVE_REQUEST).execute(Tuple.tuple().addString(agent).addString(environment)
                .addString(operation.name()).addString(new JsonObject(arguments).encode())
                .addString(reason == null ? "" : reason).addLong(generation).addString(trigger).addString(requester)
                .addOffsetDateTime(utc(now)).addOffsetDateTime(utc(expiresAt)))
                .map(rows -> first(rows, GovernanceStore::request));
    }

    public Uni<ChangeRequest> request(long id) {
        return pool.preparedQuery(REQUEST_BY_ID).execute(Tuple.of(id))
                .map(rows -> first(rows, GovernanceStore::request));
    }

    /** Newest first; each filter null for any. */
    public Uni<List<ChangeRequest>> requests(ChangeState state, String agent, String environment, int limit) {
        return pool.preparedQuery(REQUESTS).execute(Tuple.tuple().addString(state == null ? null : state.name())
                .addString(agent).addString(environment).addInteger(limit))
                .map(rows -> all(rows, GovernanceStore::request));
    }

    /**
     * Claims a pending, unexpired request for its approver (PENDING → APPROVED); {@code null} when it is not
     * pending any more (someone else decided, it expired): only one approval can win.
     */
    public Uni<ChangeRequest> claim(long id, String approver, Instant now) {
        return pool.preparedQuery(CLAIM).execute(Tuple.tuple().addLong(id).addString(approver)
                .addOffsetDateTime(utc(now))).map(rows -> first(rows, GovernanceStore::request));
    }

    /** APPROVED → a final state. */
    public Uni<ChangeRequest> finish(long id, ChangeState state, Long eventGeneration, String outcome) {
        return pool.preparedQuery(FINISH).execute(Tuple.tuple().addLong(id).addString(state.name())
                .addLong(eventGeneration).addString(outcome)).map(rows -> first(rows, GovernanceStore::request));
    }

    /** APPROVED → PENDING again: the change was held (a freeze, a soak) and may be approved later. */
    public Uni<ChangeRequest> release(long id) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(id)).map(rows -> first(rows, GovernanceStore::request));
    }

    /** PENDING → REJECTED; {@code null} when it is not pending any more. */
    public Uni<ChangeRequest> reject(long id, String by, Instant now, String reason) {
        return pool.preparedQuery(REJECT).execute(Tuple.tuple().addLong(id).addString(by).addOffsetDateTime(utc(now))
                .addString(reason)).map(rows -> first(rows, GovernanceStore::request));
    }

    /** Every pending request that expired by {@code now} becomes EXPIRED; those, to record them. */
    public Uni<List<ChangeRequest>> expire(Instant now) {
        return pool.preparedQuery(EXPIRE).execute(Tuple.of(utc(now))).map(rows -> all(rows, GovernanceStore::request));
    }

    /** Approvals that did not finish (their instance died) by {@code before} go back to PENDING. */
    public Uni<List<ChangeRequest>> unstick(Instant before) {
        return pool.preparedQuery(UNSTICK).execute(Tuple.of(utc(before)))
                .map(rows -> all(rows, GovernanceStore::request));
    }

    // rows

    private static Protection protection(Row row) {
        Long soak = row.getLong("minimum_soak_seconds");
        return new Protection(row.getLong("id"), row.getString("agent"), row.getString("environment"),
                row.getBoolean("require_approval"), row.getString("soak_environment"),
                soak == null ? null : Duration.ofSeconds(soak), instant(row, "updated_at"),
                row.getString("updated_by"));
    }

    private static Freeze freeze(Row row) {
        FreezeWindow window = "INTERVAL".equals(row.getString("kind"))
                ? new FreezeWindow.Interval(instant(row, "starts_at"), instant(row, "ends_at"))
                : new FreezeWindow.Weekly(DayOfWeek.of(row.getShort("start_day")),
                        LocalTime.parse(row.getString("start_time")), DayOfWeek.of(row.getShort("end_day")),
                        LocalTime.parse(row.getString("end_time")), ZoneId.of(row.getString("time_zone")));
        return new Freeze(row.getLong("id"), row.getString("agent"), row.getString("environment"), window,
                row.getString("reason"), instant(row, "created_at"), row.getString("created_by"));
    }

    private static ChangeRequest request(Row row) {
        return new ChangeRequest(row.getLong("id"), row.getString("agent"), row.getString("environment"),
                ChangeOperation.valueOf(row.getString("operation")), new JsonObject(row.getString("arguments")).getMap(),
                row.getString("reason"), row.getLong("generation"), row.getString("trigger"),
                ChangeState.valueOf(row.getString("state")), row.getString("requested_by"),
                instant(row, "requested_at"), instant(row, "expires_at"), row.getString("decided_by"),
                instant(row, "decided_at"), row.getString("decision_reason"), row.getLong("event_generation"),
                row.getString("outcome"));
    }

    private static <T> List<T> all(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        List<T> list = new ArrayList<>();
        rows.forEach(row -> list.add(mapper.apply(row)));
        return list;
    }

    private static <T> T first(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        return rows.iterator().hasNext() ? mapper.apply(rows.iterator().next()) : null;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
