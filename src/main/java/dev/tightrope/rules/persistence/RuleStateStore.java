package dev.tightrope.rules.persistence;

import static dev.tightrope.rules.persistence.RuleStore.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.rules.domain.RuleState;
import dev.tightrope.rules.domain.RuleStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Where each rule stands on each deployment, kept between evaluations (and across restarts and instances). */
@ApplicationScoped
public class RuleStateStore {

    private static final String ALL = "select rule_id, deployment_id, revision, state, since, firings, "
            + "last_action_at, action_pending, value, samples, evaluated_at from rule_state";
    private static final String UPSERT = "insert into rule_state (rule_id, deployment_id, revision, state, since, "
            + "firings, last_action_at, action_pending, value, samples, evaluated_at) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (rule_id, deployment_id) do update set "
            + "revision = excluded.revision, state = excluded.state, since = excluded.since, "
            + "firings = excluded.firings, last_action_at = excluded.last_action_at, "
            + "action_pending = excluded.action_pending, value = excluded.value, samples = excluded.samples, "
            + "evaluated_at = excluded.evaluated_at";
    private static final String ACTION_DONE = "update rule_state set action_pending = false where rule_id = $1 "
            + "and deployment_id = $2 and firings = $3";

    /**
     * A rule's state on a deployment.
     *
     * @param revision      the rule revision the state was reached under (a new revision starts from OK)
     * @param actionPending the current firing's action has not been confirmed done yet
     */
    public record Stored(long ruleId, long deploymentId, int revision, RuleStatus status, boolean actionPending,
            Double value, long samples, Instant evaluatedAt) {
    }

    /** Every state, by rule id and deployment id. */
    public Uni<Map<Key, Stored>> all(SqlClient client) {
        return client.query(ALL).execute().map(rows -> {
            Map<Key, Stored> states = new HashMap<>();
            for (Row row : rows) {
                Stored stored = new Stored(row.getLong("rule_id"), row.getLong("deployment_id"),
                        row.getInteger("revision"), new RuleStatus(RuleState.valueOf(row.getString("state")),
                                row.getOffsetDateTime("since").toInstant(), row.getLong("firings"),
                                instant(row, "last_action_at")), row.getBoolean("action_pending"),
                        row.getDouble("value"), row.getLong("samples"), instant(row, "evaluated_at"));
                states.put(new Key(stored.ruleId(), stored.deploymentId()), stored);
            }
            return states;
        });
    }

    /** Writes these states in one round trip. */
    public Uni<Void> save(SqlClient client, List<Stored> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(states.size());
        for (Stored s : states) {
            batch.add(Tuple.tuple().addLong(s.ruleId()).addLong(s.deploymentId()).addInteger(s.revision())
                    .addString(s.status().state().name()).addOffsetDateTime(utc(s.status().since()))
                    .addLong(s.status().firings()).addOffsetDateTime(utc(s.status().lastActionAt()))
                    .addBoolean(s.actionPending()).addDouble(s.value()).addLong(s.samples())
                    .addOffsetDateTime(utc(s.evaluatedAt())));
        }
        return client.preparedQuery(UPSERT).executeBatch(batch).replaceWithVoid();
    }

    /** The action of this firing is done. */
    public Uni<Void> actionDone(SqlClient client, long ruleId, long deploymentId, long firing) {
        return client.preparedQuery(ACTION_DONE).execute(Tuple.of(ruleId, deploymentId, firing)).replaceWithVoid();
    }

    /** A rule on a deployment. */
    public record Key(long ruleId, long deploymentId) {
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column) == null ? null : row.getOffsetDateTime(column).toInstant();
    }
}
