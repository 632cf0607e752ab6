package dev.tightrope.rules.persistence;

import static dev.tightrope.rules.persistence.RuleStore.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.rules.domain.ActionKey;
import dev.tightrope.rules.domain.Alert;
import dev.tightrope.rules.domain.AlertOnset;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Alerts: one per firing of a rule on a deployment. */
@ApplicationScoped
public class AlertStore {

    private static final String COLUMNS = "id, rule_id, rule_revision, rule_source, deployment_id, agent, "
            + "environment, firing, severity, state, value, threshold, baseline, samples, version, action, action_outcome, fired_at, resolved_at, "
            + "acknowledged_by, acknowledged_at";

    private static final String INSERT = "insert into alert (rule_id, rule_revision, rule_source, deployment_id, "
            + "agent, environment, firing, severity, state, value, threshold, baseline, samples, version, action, "
            + "fired_at, onset_at) values ($1, $2, $3, $4, $5, $6, $7, $8, 'FIRING', $9, $10, $11, $12, $13, $14, $15, "
            + "$16) "
            + "on conflict (rule_id, deployment_id, firing) do nothing returning " + COLUMNS;
    private static final String RESOLVE = "update alert set state = 'RESOLVED', resolved_at = $4 where rule_id = $1 "
            + "and deployment_id = $2 and firing = $3 and state = 'FIRING' returning " + COLUMNS;
    private static final String RESOLVE_RULE = "update alert set state = 'RESOLVED', resolved_at = $2 where rule_id = $1 "
            + "and state = 'FIRING' returning " + COLUMNS;
    private static final String OUTCOME = "update alert set action_outcome = $4 where rule_id = $1 "
            + "and deployment_id = $2 and firing = $3 returning " + COLUMNS;
    private static final String ACKNOWLEDGE = "update alert set acknowledged_by = $2, acknowledged_at = $3 "
            + "where id = $1 and acknowledged_at is null returning " + COLUMNS;
    private static final String BY_ID = "select " + COLUMNS + " from alert where id = $1";
    private static final String PAGE = "select " + COLUMNS + " from alert where ($1::text is null or "
            + "state = $1) and ($2::text is null or agent = $2) and ($3::bigint is null or id < $3) "
            + "order by id desc limit $4";
    /** The onsets of the firings named, one row per (rule, deployment, firing) that has an alert. */
    private static final String ONSETS = "select a.rule_id, a.deployment_id, a.firing, a.onset_at, a.fired_at "
            + "from alert a join unnest($1::bigint[], $2::bigint[], $3::bigint[]) as k(rule_id, deployment_id, firing) "
            + "on a.rule_id = k.rule_id and a.deployment_id = k.deployment_id and a.firing = k.firing";

    private final Pool pool;

    AlertStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The new alert of a firing; null when that firing already has one (a retried evaluation).
     *
     * @param onset when the breach was first seen (the start of PENDING): what rollback statistics measure the time
     *              to detect from
     */
    public Uni<Alert> fire(SqlClient client, Alert alert, Instant onset) {
        return client.preparedQuery(INSERT).execute(Tuple.tuple().addLong(alert.ruleId())
                .addInteger(alert.ruleRevision()).addString(alert.ruleSource()).addLong(alert.deploymentId())
                .addString(alert.agent()).addString(alert.environment()).addLong(alert.firing()).addString(alert.severity()).addDouble(alert.value())
                .addString(alert.threshold()).addDouble(alert.baseline()).addLong(alert.samples())
                .addInteger(alert.version()).addString(alert.action()).addOffsetDateTime(utc(alert.firedAt()))
                .addOffsetDateTime(utc(onset)))
                .map(AlertStore::first);
    }

    /** The alert of a firing, resolved; null when it was not firing. */
    public Uni<Alert> resolve(SqlClient client, long ruleId, long deploymentId, long firing, Instant now) {
        return client.preparedQuery(RESOLVE).execute(Tuple.of(ruleId, deploymentId, firing, utc(now)))
                .map(AlertStore::first);
    }

    /**
     * Resolves every firing alert of a rule (it was deleted: nothing will evaluate it again, so nothing else would
     * resolve them); the alerts resolved.
     */
    public Uni<List<Alert>> resolveAllOf(long ruleId, Instant now) {
        return pool.preparedQuery(RESOLVE_RULE).execute(Tuple.of(ruleId, utc(now))).map(rows -> {
            List<Alert> resolved = new ArrayList<>();
            rows.forEach(row -> resolved.add(of(row)));
            return resolved;
        });
    }

    /** Records what the firing's action did. */
    public Uni<Alert> actionOutcome(long ruleId, long deploymentId, long firing, String outcome) {
        return pool.preparedQuery(OUTCOME).execute(Tuple.of(ruleId, deploymentId, firing, outcome))
                .map(AlertStore::first);
    }

    /** The alert, acknowledged by this person; null when there is no such alert or it was already acknowledged. */
    public Uni<Alert> acknowledge(long alertId, String actor, Instant now) {
        return pool.preparedQuery(ACKNOWLEDGE).execute(Tuple.of(alertId, actor, utc(now))).map(AlertStore::first);
    }

    public Uni<Alert> byId(long alertId) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(alertId)).map(AlertStore::first);
    }

    /**
     * Newest first, {@code limit} of them after the cursor.
     *
     * @param state       FIRING, RESOLVED, or null for both
     * @param agent only this agent's, or null for all
     */
    public Uni<List<Alert>> page(String state, String agent, Long beforeId, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.tuple().addString(state).addString(agent)
                .addLong(beforeId).addInteger(limit)).map(rows -> {
                    List<Alert> alerts = new ArrayList<>();
                    rows.forEach(row -> alerts.add(of(row)));
                    return alerts;
                });
    }

    /** The onsets of these firings' alerts; a firing without an alert is left out. */
    public Uni<List<AlertOnset>> onsets(List<ActionKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Long[] rules = keys.stream().map(ActionKey::ruleId).toArray(Long[]::new);
        Long[] deployments = keys.stream().map(ActionKey::deploymentId).toArray(Long[]::new);
        Long[] firings = keys.stream().map(ActionKey::firing).toArray(Long[]::new);
        return pool.preparedQuery(ONSETS).execute(Tuple.of(rules, deployments, firings)).map(rows -> {
            List<AlertOnset> onsets = new ArrayList<>();
            rows.forEach(row -> onsets.add(new AlertOnset(new ActionKey(row.getLong("rule_id"),
                    row.getLong("deployment_id"), row.getLong("firing")).text(), instant(row, "onset_at"),
                    instant(row, "fired_at"))));
            return onsets;
        });
    }

    private static Alert first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? of(rows.iterator().next()) : null;
    }



    private static Alert of(Row row) {
        return new Alert(row.getLong("id"), row.getLong("rule_id"), row.getInteger("rule_revision"),
                row.getString("rule_source"), row.getLong("deployment_id"), row.getString("agent"),
                row.getString("environment"), row.getLong("firing"),
                row.getString("severity"), row.getString("state"), row.getDouble("value"), row.getString("threshold"),
                row.getDouble("baseline"), row.getLong("samples"), row.getInteger("version"), row.getString("action"),
                row.getString("action_outcome"), instant(row, "fired_at"), instant(row, "resolved_at"),
                row.getString("acknowledged_by"), instant(row, "acknowledged_at"));
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column) == null ? null : row.getOffsetDateTime(column).toInstant();
    }
}
