package dev.tightrope.rules.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rules and their revisions; an update adds a revision, a deletion only marks the rule. */
@ApplicationScoped
public class RuleStore {

    private static final String INSERT = "insert into rule (agent_id, revision, source, canonical, origin, "
            + "default_key, created_at, created_by, updated_at) values ($1, 1, $2, $3, $4, $5, $6, $7, $6) "
            + "on conflict do nothing returning " + StoredRule.COLUMNS;
    private static final String INSERT_REVISION = "insert into rule_revision (rule_id, revision, source, canonical, "
            + "created_at, created_by) values ($1, $2, $3, $4, $5, $6)";
    private static final String UPDATE = "update rule set revision = revision + 1, source = $2, canonical = $3, "
            + "updated_at = $4 where id = $1 and deleted_at is null returning " + StoredRule.COLUMNS;
    private static final String DELETE = "update rule set deleted_at = $2, deleted_by = $3 where id = $1 "
            + "and deleted_at is null returning " + StoredRule.COLUMNS;
    private static final String BY_ID = "select " + StoredRule.COLUMNS + " from rule where id = $1";
    private static final String BY_AGENT = "select " + StoredRule.COLUMNS + " from rule where agent_id = $1 "
            + "and deleted_at is null order by id";
    private static final String ACTIVE = "select " + StoredRule.COLUMNS + " from rule where deleted_at is null";
    private static final String AGENTS_WITHOUT_DEFAULTS = "insert into rule_defaults (agent_id, enabled, changed_at, "
            + "changed_by) select id, true, $1, 'tightrope' from agent a where not exists "
            + "(select 1 from rule_defaults d where d.agent_id = a.id) and (a.id = $2 or $2 is null) "
            + "on conflict do nothing returning agent_id";
    private static final String SET_DEFAULTS = "insert into rule_defaults (agent_id, enabled, changed_at, changed_by) "
            + "values ($1, $2, $3, $4) on conflict (agent_id) do update set enabled = excluded.enabled, "
            + "changed_at = excluded.changed_at, changed_by = excluded.changed_by";
    private static final String HIDE_DEFAULTS = "update rule set deleted_at = $2, deleted_by = $3 where agent_id = $1 "
            + "and origin = 'DEFAULT' and deleted_at is null";
    private static final String SHOW_DEFAULTS = "update rule set deleted_at = null, deleted_by = null "
            + "where agent_id = $1 and origin = 'DEFAULT' and deleted_by = $2";
    private static final String DEFAULTS_ENABLED = "select enabled from rule_defaults where agent_id = $1";

    /** The opt-out's marker in deleted_by, so turning the defaults back on restores exactly those it hid. */
    static final String HIDDEN_BY_OPT_OUT = "(default rules turned off)";

    private final Pool pool;

    RuleStore(Pool pool) {
        this.pool = pool;
    }

    /** A new rule at revision 1. */
    public Uni<StoredRule> create(long agentId, String source, String canonical, String actor, Instant now) {
        return pool.withTransaction(connection -> insert(connection, agentId, source, canonical, "USER", null, actor,
                now));
    }

    /** A new revision of an active rule; null when there is no such active rule. */
    public Uni<StoredRule> update(long ruleId, String source, String canonical, String actor, Instant now) {
        return pool.withTransaction(connection -> connection.preparedQuery(UPDATE)
                .execute(Tuple.of(ruleId, source, canonical, utc(now))).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    StoredRule rule = StoredRule.of(rows.iterator().next());
                    return connection.preparedQuery(INSERT_REVISION).execute(Tuple.from(List.of(rule.id(),
                            rule.revision(), source, canonical, utc(now), actor))).replaceWith(rule);
                }));
    }

    /** Marks the rule deleted; null when there is no such active rule. */
    public Uni<StoredRule> delete(long ruleId, String actor, Instant now) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(ruleId, utc(now), actor)).map(RuleStore::first);
    }

    public Uni<StoredRule> byId(long ruleId) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(ruleId)).map(RuleStore::first);
    }

    public Uni<List<StoredRule>> byAgent(long agentId) {
        return pool.preparedQuery(BY_AGENT).execute(Tuple.of(agentId)).map(RuleStore::all);
    }

    /** Every active rule of every agent. */
    public Uni<List<StoredRule>> active() {
        return pool.query(ACTIVE).execute().map(RuleStore::all);
    }

    /**
     * Installs the default rules (key → canonical text) for agents that have never had them installed nor opted
     * out: one agent, or every agent when {@code agentId} is null. Each agent's defaults are installed once.
     */
    public Uni<Void> installDefaults(Long agentId, Map<String, String> defaults, Instant now) {
        return pool.withTransaction(connection -> connection.preparedQuery(AGENTS_WITHOUT_DEFAULTS)
                .execute(Tuple.tuple().addOffsetDateTime(utc(now)).addLong(agentId)).chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row row : rows) {
                        long agent = row.getLong("agent_id");
                        for (Map.Entry<String, String> rule : defaults.entrySet()) {
                            chain = chain.chain(() -> insert(connection, agent, rule.getValue(), rule.getValue(),
                                    "DEFAULT", rule.getKey(), "tightrope", now).replaceWithVoid());
                        }
                    }
                    return chain;
                }));
    }

    /** Turns an agent's default rules off (hidden like deleted ones) or back on. */
    public Uni<Void> setDefaults(long agentId, boolean enabled, String actor, Instant now) {
        return pool.withTransaction(connection -> connection.preparedQuery(SET_DEFAULTS)
                .execute(Tuple.of(agentId, enabled, utc(now), actor))
                .chain(() -> enabled
                        ? connection.preparedQuery(SHOW_DEFAULTS).execute(Tuple.of(agentId, HIDDEN_BY_OPT_OUT))
                        : connection.preparedQuery(HIDE_DEFAULTS).execute(Tuple.of(agentId, utc(now),
                                HIDDEN_BY_OPT_OUT)))
                .replaceWithVoid());
    }

    /** Whether the agent's default rules are on (true until it opts out). */
    public Uni<Boolean> defaultsEnabled(long agentId) {
        return pool.preparedQuery(DEFAULTS_ENABLED).execute(Tuple.of(agentId))
                .map(rows -> !rows.iterator().hasNext() || rows.iterator().next().getBoolean("enabled"));
    }

    private static Uni<StoredRule> insert(SqlConnection connection, long agentId, String source, String canonical,
            String origin, String defaultKey, String actor, Instant now) {
        Tuple values = Tuple.tuple().addLong(agentId).addString(source).addString(canonical).addString(origin)
                .addString(defaultKey).addOffsetDateTime(utc(now)).addString(actor);
        return connection.preparedQuery(INSERT).execute(values)
                .chain(rows -> {
                    StoredRule rule = first(rows);
                    if (rule == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return connection.preparedQuery(INSERT_REVISION).execute(Tuple.from(List.of(rule.id(), 1,
                            source, canonical, utc(now), actor))).replaceWith(rule);
                });
    }

    private static StoredRule first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? StoredRule.of(rows.iterator().next()) : null;
    }

    private static List<StoredRule> all(RowSet<Row> rows) {
        List<StoredRule> rules = new ArrayList<>();
        rows.forEach(row -> rules.add(StoredRule.of(row)));
        return rules;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
