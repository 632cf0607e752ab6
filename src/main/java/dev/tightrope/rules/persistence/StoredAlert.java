package dev.tightrope.rules.persistence;

import java.time.Instant;

/**
 * One firing of a rule on a deployment.
 *
 * @param threshold      the condition as written in the rule ({@code > 15%}, {@code DROPS > 20%})
 * @param actionOutcome  DONE, SKIPPED (cooldown, nothing to act on) or an error code; null while pending
 */
public record StoredAlert(long id, long ruleId, int ruleRevision, String ruleSource, long deploymentId, String agent,
        String environment, long firing,
        String severity, String state, Double value, String threshold, Double baseline, long samples, int version,
        String action, String actionOutcome, Instant firedAt, Instant resolvedAt, String acknowledgedBy,
        Instant acknowledgedAt) {

    static final String COLUMNS = "id, rule_id, rule_revision, rule_source, deployment_id, agent, environment, firing, severity, state, "
            + "value, threshold, baseline, samples, version, action, action_outcome, fired_at, resolved_at, "
            + "acknowledged_by, acknowledged_at";

    static StoredAlert of(io.vertx.mutiny.sqlclient.Row row) {
        return new StoredAlert(row.getLong("id"), row.getLong("rule_id"), row.getInteger("rule_revision"),
                row.getString("rule_source"), row.getLong("deployment_id"), row.getString("agent"),
                row.getString("environment"), row.getLong("firing"),
                row.getString("severity"), row.getString("state"), row.getDouble("value"), row.getString("threshold"),
                row.getDouble("baseline"), row.getLong("samples"), row.getInteger("version"), row.getString("action"),
                row.getString("action_outcome"), instant(row, "fired_at"), instant(row, "resolved_at"),
                row.getString("acknowledged_by"), instant(row, "acknowledged_at"));
    }

    private static Instant instant(io.vertx.mutiny.sqlclient.Row row, String column) {
        return row.getOffsetDateTime(column) == null ? null : row.getOffsetDateTime(column).toInstant();
    }
}
