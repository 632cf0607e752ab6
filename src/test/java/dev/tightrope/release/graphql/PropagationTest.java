package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.platform.notify.ChangeNotifications;
import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Changes committed by another connection (as another Tightrope instance, or an operator in psql, would) reach
 * route() through PostgreSQL NOTIFY, and changes made while the listener was disconnected are caught up after it
 * reconnects.
 */
@QuarkusTest
class PropagationTest {

    private static final String ENV = "production";

    @Test
    void aChangeCommittedElsewhereReachesRoute() throws SQLException {
        String agent = Fixtures.agentWithVersions("elsewhere", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        assertThat(routedVersion(agent)).isEqualTo(1);

        switchStableBySql(agent, 2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(routedVersion(agent)).isEqualTo(2));
    }

    @Test
    void changesMissedWhileTheListenerWasDownAreCaughtUpAfterReconnect() throws SQLException {
        String agent = Fixtures.agentWithVersions("missed", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());

        try (Connection connection = database()) {
            // cut the listener off and change the deployment before it can reconnect, in one transaction, so
            // the NOTIFY goes out while nobody listens
            connection.setAutoCommit(false);
            try (PreparedStatement kill = connection.prepareStatement(
                    "select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")) {
                kill.setString(1, ChangeNotifications.APPLICATION_NAME);
                try (ResultSet killed = kill.executeQuery()) {
                    assertThat(killed.next()).as("the change listener was connected").isTrue();
                }
            }
            connection.commit();
            updateStable(connection, agent, 2);
            connection.commit();
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(routedVersion(agent)).isEqualTo(2));
    }

    private static int routedVersion(String agent) {
        return execute("route", Map.of("agent", agent, "environment", ENV, "routingKey", "someone"))
                .body("errors", nullValue()).extract().path("data.route.version");
    }

    private static void switchStableBySql(String agent, int version) throws SQLException {
        try (Connection connection = database()) {
            updateStable(connection, agent, version);
        }
    }

    private static void updateStable(Connection connection, String agent, int version) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update deployment set stable_version = ?, "
                + "generation = generation + 1, updated_at = now() "
                + "where environment = ? and agent_id = (select id from agent where slug = ?)")) {
            update.setInt(1, version);
            update.setString(2, ENV);
            update.setString(3, agent);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static Connection database() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }
}
