package dev.tightrope.rules.persistence;

import java.time.Instant;

/**
 * A rule as stored: its current revision's text as written and in canonical form.
 *
 * @param origin     DEFAULT (one of the four every agent starts with) or USER
 * @param deletedAt  null while the rule is active
 */
public record StoredRule(long id, long agentId, int revision, String source, String canonical, String origin,
        Instant createdAt, String createdBy, Instant updatedAt, Instant deletedAt) {

    static final String COLUMNS = "id, agent_id, revision, source, canonical, origin, created_at, created_by, "
            + "updated_at, deleted_at";

    static StoredRule of(io.vertx.mutiny.sqlclient.Row row) {
        return new StoredRule(row.getLong("id"), row.getLong("agent_id"), row.getInteger("revision"),
                row.getString("source"), row.getString("canonical"), row.getString("origin"),
                row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"),
                row.getOffsetDateTime("updated_at").toInstant(),
                row.getOffsetDateTime("deleted_at") == null ? null : row.getOffsetDateTime("deleted_at").toInstant());
    }
}
