package dev.tightrope.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;

/** Reads what was stored, straight from PostgreSQL over JDBC (loopback), whatever the API answers. */
final class Database {

    private final String url;

    Database(String url) {
        this.url = url;
    }

    private Connection open() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "postgres");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "tightrope-reliability");
        return DriverManager.getConnection(url, properties);
    }

    /** The outcomes counted in the buckets of the agent's deployment. */
    long outcomesStored(String agent) throws Exception {
        try (Connection connection = open();
                PreparedStatement query = connection.prepareStatement("select coalesce(sum(b.requests), 0) "
                        + "from outcome_bucket b join deployment d on d.id = b.deployment_id "
                        + "join agent a on a.id = d.agent_id where a.slug = ? and d.environment = ?")) {
            query.setString(1, agent);
            query.setString(2, Fixtures.ENV);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** How many of these batch ids are recorded as counted, and the outcomes they recorded. */
    long[] batchesStored(List<String> ids) throws Exception {
        try (Connection connection = open();
                PreparedStatement query = connection.prepareStatement("select count(*), coalesce(sum(outcomes), 0) "
                        + "from outcome_batch where batch_id = any(?)")) {
            query.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }
}
