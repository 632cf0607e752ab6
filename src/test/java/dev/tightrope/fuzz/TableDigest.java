package dev.tightrope.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tightrope.testing.EmbeddedPostgresResource;

/**
 * A fingerprint of the tables a request can change, read over a plain JDBC connection to the test database, to
 * show that a refused request changed nothing: one md5 per table over all its rows. Columns written in the
 * background are left out ({@code api_token.last_used_at}); so is the audit log, which records refusals by design,
 * and the tables of propagation tracking and Slack delivery, which change after a successful change.
 */
final class TableDigest implements AutoCloseable {

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        for (String table : List.of("agent", "agent_version", "component_version", "deployment", "deployment_event",
                "rollout", "slack_webhook", "slack_user")) {
            TABLES.put(table, "select * from " + table);
        }
        TABLES.put("api_token", "select id, name, role, secret_hash, prefix, created_at, created_by, expires_at, "
                + "revoked_at, revoked_by from api_token");
    }

    private final Connection connection;
    private final String query;

    TableDigest() throws SQLException {
        this.connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
        List<String> parts = new ArrayList<>();
        TABLES.forEach((table, rows) -> parts.add("select '" + table + "', md5(coalesce(string_agg(t::text, '|' "
                + "order by t::text), '')) from (" + rows + ") t"));
        this.query = String.join(" union all ", parts);
    }

    /** Table name to the md5 of its rows. */
    Map<String, String> take() {
        Map<String, String> digest = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                digest.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return digest;
    }

    /** The tables whose digest differs. */
    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(table -> !before.get(table).equals(after.get(table))).toList();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
