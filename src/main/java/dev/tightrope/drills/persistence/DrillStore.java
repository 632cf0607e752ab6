package dev.tightrope.drills.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.drills.domain.DrillMode;
import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.drills.domain.DrillSchedule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Drill results and drill schedules, in plain SQL on the reactive client. */
@ApplicationScoped
public class DrillStore {

    private static final String COLUMNS = "id, agent, environment, mode, passed, scheduled, actor, from_version, "
            + "to_version, started_at, finished_at, check_millis, switch_millis, rollback_commit_millis, "
            + "rollback_propagation_millis, forward_commit_millis, forward_propagation_millis, runtimes_expected, "
            + "runtimes_acknowledged, failure_reason, schedule_slot";
    private static final String INSERT = "insert into drill_result (deployment_id, agent, environment, mode, passed, "
            + "scheduled, actor, from_version, to_version, started_at, finished_at, check_millis, switch_millis, "
            + "rollback_commit_millis, rollback_propagation_millis, forward_commit_millis, "
            + "forward_propagation_millis, runtimes_expected, runtimes_acknowledged, failure_reason, schedule_slot) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) "
            + "on conflict (deployment_id, schedule_slot) do nothing returning " + COLUMNS;
    private static final String SLOT_TAKEN = "select 1 from drill_result where deployment_id = $1 and schedule_slot = $2";
    private static final String PAGE = "select " + COLUMNS + " from drill_result where agent = $1 "
            + "and ($2::text is null or environment = $2) and ($3::bigint is null or id < $3) "
            + "order by id desc limit $4";
    private static final String BY_ID = "select " + COLUMNS + " from drill_result where id = $1";
    private static final String LAST_PASSED = "select distinct on (deployment_id) deployment_id, " + COLUMNS
            + " from drill_result where deployment_id = any($1) and passed order by deployment_id, finished_at desc";
    private static final String SCHEDULE = "select cron, time_zone, mode, enabled from drill_schedule "
            + "where agent_id = $1";
    private static final String SCHEDULES = "select agent_id, cron, time_zone, mode, enabled from drill_schedule";
    private static final String SAVE_SCHEDULE = "insert into drill_schedule (agent_id, cron, time_zone, mode, enabled, "
            + "updated_at, updated_by) values ($1, $2, $3, $4, $5, $6, $7) on conflict (agent_id) do update set "
            + "cron = excluded.cron, time_zone = excluded.time_zone, mode = excluded.mode, enabled = excluded.enabled, "
            + "updated_at = excluded.updated_at, updated_by = excluded.updated_by";

    private final Pool pool;

    DrillStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records a drill's result; {@code null} when its schedule slot already has one for this deployment (another
     * instance drilled it).
     */
    public Uni<DrillResult> record(long deploymentId, DrillResult r) {
        Tuple values = Tuple.tuple().addLong(deploymentId).addString(r.agent()).addString(r.environment())
                .addString(r.mode().name()).addBoolean(r.passed()).addBoolean(r.scheduled()).addString(r.actor())
                .addInteger(r.fromVersion()).addInteger(r.toVersion()).addOffsetDateTime(utc(r.startedAt()))
                .addOffsetDateTime(utc(r.finishedAt())).addDouble(r.checkMillis()).addDouble(r.switchMillis())
                .addDouble(r.rollbackCommitMillis()).addDouble(r.rollbackPropagationMillis())
                .addDouble(r.forwardCommitMillis()).addDouble(r.forwardPropagationMillis())
                .addInteger(r.runtimesExpected()).addInteger(r.runtimesAcknowledged()).addString(r.failureReason())
                .addOffsetDateTime(utc(r.scheduleSlot()));
        return pool.preparedQuery(INSERT).execute(values).map(DrillStore::first);
    }

    /** Whether the deployment was already drilled for this schedule slot. */
    public Uni<Boolean> slotTaken(long deploymentId, Instant slot) {
        return pool.preparedQuery(SLOT_TAKEN).execute(Tuple.of(deploymentId, utc(slot)))
                .map(rows -> rows.size() > 0);
    }

    /** Newest first, {@code limit} after the cursor; {@code environment} null: every environment of the agent. */
    public Uni<List<DrillResult>> page(String agent, String environment, Long beforeId, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.tuple().addString(agent).addString(environment)
                .addLong(beforeId).addInteger(limit)).map(DrillStore::all);
    }

    public Uni<DrillResult> byId(long id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(DrillStore::first);
    }

    /** The latest passing drill of each of these deployments that has one, by deployment id. */
    public Uni<Map<Long, DrillResult>> lastPassed(List<Long> deploymentIds) {
        if (deploymentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(LAST_PASSED).execute(Tuple.of(deploymentIds.toArray(Long[]::new))).map(rows -> {
            Map<Long, DrillResult> last = new HashMap<>();
            rows.forEach(row -> last.put(row.getLong("deployment_id"), of(row)));
            return last;
        });
    }

    /** The agent's own schedule; {@code null} when it follows the default. */
    public Uni<DrillSchedule> schedule(long agentId) {
        return pool.preparedQuery(SCHEDULE).execute(Tuple.of(agentId))
                .map(rows -> rows.iterator().hasNext() ? schedule(rows.iterator().next()) : null);
    }

    /** Every agent's own schedule, by agent id. */
    public Uni<Map<Long, DrillSchedule>> schedules() {
        return pool.query(SCHEDULES).execute().map(rows -> {
            Map<Long, DrillSchedule> schedules = new HashMap<>();
            rows.forEach(row -> schedules.put(row.getLong("agent_id"), schedule(row)));
            return schedules;
        });
    }

    public Uni<Void> saveSchedule(long agentId, DrillSchedule schedule, String actor, Instant now) {
        return pool.preparedQuery(SAVE_SCHEDULE).execute(Tuple.tuple().addLong(agentId).addString(schedule.cron())
                .addString(schedule.timeZone().getId()).addString(schedule.mode().name())
                .addBoolean(schedule.enabled()).addOffsetDateTime(utc(now)).addString(actor)).replaceWithVoid();
    }

    private static DrillSchedule schedule(Row row) {
        return new DrillSchedule(row.getString("cron"), ZoneId.of(row.getString("time_zone")),
                DrillMode.valueOf(row.getString("mode")), row.getBoolean("enabled"));
    }

    private static List<DrillResult> all(RowSet<Row> rows) {
        List<DrillResult> results = new ArrayList<>();
        rows.forEach(row -> results.add(of(row)));
        return results;
    }

    private static DrillResult first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? of(rows.iterator().next()) : null;
    }

    private static DrillResult of(Row row) {
        return new DrillResult(row.getLong("id"), row.getString("agent"), row.getString("environment"),
                DrillMode.valueOf(row.getString("mode")), row.getBoolean("passed"), row.getBoolean("scheduled"),
                row.getString("actor"), row.getInteger("from_version"), row.getInteger("to_version"),
                instant(row, "started_at"), instant(row, "finished_at"), row.getDouble("check_millis"),
                row.getDouble("switch_millis"), row.getDouble("rollback_commit_millis"),
                row.getDouble("rollback_propagation_millis"), row.getDouble("forward_commit_millis"),
                row.getDouble("forward_propagation_millis"), row.getInteger("runtimes_expected"),
                row.getInteger("runtimes_acknowledged"), row.getString("failure_reason"),
                instant(row, "schedule_slot"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
