package dev.tightrope.registry.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Versions are immutable in the database itself: any client, not only Tightrope, is refused. */
@QuarkusTest
class ImmutableVersionsTest {

    @Test
    void updatingOrDeletingVersionsFailsInTheDatabase() throws SQLException {
        String agent = Fixtures.createAgent("immutable");
        Fixtures.createFirstVersion(agent, "Do not touch.");
        String agentId = "(select id from agent where slug = '" + agent + "')";

        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(
                    "update agent_version set message = 'rewritten' where agent_id = " + agentId))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("agent_version rows are immutable: UPDATE is not allowed");
            assertThatThrownBy(() -> statement.executeUpdate(
                    "delete from agent_version where agent_id = " + agentId))
                    .hasMessageContaining("agent_version rows are immutable: DELETE is not allowed");
            assertThatThrownBy(() -> statement.executeUpdate(
                    "update component_version set content = '{}' where agent_id = " + agentId))
                    .hasMessageContaining("component_version rows are immutable: UPDATE is not allowed");
            assertThatThrownBy(() -> statement.executeUpdate("truncate agent_version cascade"))
                    .hasMessageContaining("is not allowed");

            try (ResultSet rows = statement.executeQuery(
                    "select message from agent_version where agent_id = " + agentId)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("first version");
            }
        }
    }

    @Test
    void aStoredHashMustMatchItsContent() throws SQLException {
        String agent = Fixtures.createAgent("hash-check");
        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("insert into component_version "
                    + "(agent_id, kind, number, content, content_hash, created_at, created_by) values "
                    + "((select id from agent where slug = '" + agent + "'), 'PROMPT', 1, '{\"system\":\"x\"}', "
                    + "'0000', now(), 'test')"))
                    .hasMessageContaining("component_version_hash_matches");
        }
    }
}
