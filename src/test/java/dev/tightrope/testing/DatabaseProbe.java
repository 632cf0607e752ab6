package dev.tightrope.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at the test database from the side, over JDBC, for what the application must never leave behind: a pooled
 * connection inside a transaction, or a deployment row still locked.
 */
public final class DatabaseProbe {

    /** The reactive client's application_name (PgConnectOptions' default; Tightrope does not change it). */
    private static final String REACTIVE_CLIENT = "vertx-pg-client";

    private DatabaseProbe() {
    }

    /**
     * The application's reactive connections that sit inside a transaction without running a statement: state
     * "idle in transaction" or "idle in transaction (aborted)", each as "pid state: last statement".
     */
    public static List<String> reactiveConnectionsIdleInTransaction() {
        List<String> found = new ArrayList<>();
        try (Connection connection = open();
                PreparedStatement query = connection.prepareStatement("select pid, state, query "
                        + "from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() "
                        + "and application_name = ? and state like 'idle in transaction%'")) {
            query.setString(1, REACTIVE_CLIENT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getInt(1) + " " + rows.getString(2) + ": " + rows.getString(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** How many reactive connections the application has open right now (to see that the probe sees them). */
    public static int reactiveConnections() {
        try (Connection connection = open();
                PreparedStatement query = connection.prepareStatement("select count(*) from pg_stat_activity "
                        + "where datname = current_database() and application_name = ?")) {
            query.setString(1, REACTIVE_CLIENT);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the deployment row of the agent in the environment can be locked at once ({@code for update nowait}),
     * that is, no transaction holds it: a traffic change left open would, since its LOCK statement locks it.
     */
    public static boolean deploymentRowIsFree(String agent, String environment) {
        try (Connection connection = open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("select d.id from deployment d "
                    + "join agent a on a.id = d.agent_id where a.slug = ? and d.environment = ? for update nowait")) {
                lock.setString(1, agent);
                lock.setString(2, environment);
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        throw new IllegalStateException("no deployment of " + agent + " in " + environment);
                    }
                }
                return true;
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement over JDBC (autocommit) and returns the number of rows it changed. */
    public static int update(String sql, Object... parameters) {
        try (Connection connection = open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one query over JDBC and returns the first column of its only row, e.g. an id. */
    public static long queryLong(String sql, Object... parameters) {
        try (Connection connection = open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no row: " + sql);
                }
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as bytes (null where SQL null). */
    public static List<byte[]> queryBytes(String sql, Object... parameters) {
        try (Connection connection = open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<byte[]> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getBytes(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection open() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }
}
