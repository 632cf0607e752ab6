package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.release.application.EventStreams;
import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Runtimes subscribed to configChanged get the current configuration, then every change, over a real WebSocket. */
@QuarkusTest
class ConfigSubscriptionTest {

    private static final String ENV = "production";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    EventStreams eventStreams;

    @Test
    void streamsTheCurrentConfigurationThenEveryChange() throws Exception {
        String agent = Fixtures.agentWithVersions("subscribe", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());

        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribe("configChanged", Map.of("agent", agent, "environment", ENV, "runtimeId", "rt-1"));
            JsonObject first = socket.nextData(WAIT).getJsonObject("configChanged");
            assertThat(first.getInteger("generation")).isEqualTo(1);
            assertThat(first.getJsonObject("stable").getInteger("version")).isEqualTo(1);
            assertThat(first.getJsonObject("stable").getJsonObject("prompt").getString("system"))
                    .isEqualTo("prompt of version 1");
            assertThat(first.getValue("canary")).isNull();
            assertThat(first.getInteger("weight")).isZero();

            execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 10))
                    .body("errors", nullValue());
            JsonObject started = socket.nextData(WAIT).getJsonObject("configChanged");
            assertThat(started.getInteger("generation")).isEqualTo(2);
            assertThat(started.getJsonObject("canary").getInteger("version")).isEqualTo(2);
            assertThat(started.getInteger("weight")).isEqualTo(10);
            assertThat(started.getString("salt")).hasSize(16);
            assertThat(started.getString("rolloutId")).isNotNull();

            execute("rollback", Map.of("agent", agent, "environment", ENV)).body("errors", nullValue());
            JsonObject rolledBack = socket.nextData(WAIT).getJsonObject("configChanged");
            assertThat(rolledBack.getInteger("generation")).isEqualTo(3);
            assertThat(rolledBack.getValue("canary")).isNull();
            assertThat(rolledBack.getJsonObject("stable").getInteger("version")).isEqualTo(1);
        }
    }

    @Test
    void anInvalidSubscriptionAnswersWithACodedError() throws Exception {
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribe("configChanged", Map.of("agent", "Not A Slug", "environment", ENV, "runtimeId", " "));
            JsonObject error = firstError(socket);
            assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("VALIDATION");
            assertThat(error.getString("message")).contains("runtimeId");
        }
    }

    /**
     * A stream of a deployment that cannot exist would stay silent forever; a subscription to one is refused at once,
     * whichever path serves it (configChanged without runtimeId is the fast path's, which leaves it to the engine).
     */
    @Test
    void aSubscriptionToWhatCannotExistIsRefusedNotLeftSilent() throws Exception {
        Map<String, Map<String, Object>> refused = Map.of(
                "configChanged", Map.of("agent", "Not A Slug", "environment", ENV),
                "deploymentChanged", Map.of("agent", "support-bot", "environment", "Prod Uction"),
                "alertsChanged", Map.of("agent", "no_such agent"));
        for (Map.Entry<String, Map<String, Object>> each : refused.entrySet()) {
            try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
                socket.subscribe(each.getKey(), each.getValue());
                JsonObject error = firstError(socket);
                assertThat(error.getJsonObject("extensions").getString("code")).as(each.getKey())
                        .isEqualTo("VALIDATION");
                assertThat(error.getString("message")).as(each.getKey()).contains("is not a valid slug");
            }
        }
    }

    @Test
    void theComparisonOfARolloutThatIsNotRunningIsNotFoundNotAnInternalError() throws Exception {
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribe("canaryComparisonChanged", Map.of("rolloutId", "987654321"));
            JsonObject error = firstError(socket);
            assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("NOT_FOUND");
            assertThat(error.getString("message")).contains("987654321");
            assertThat(error.getJsonArray("path").getString(0)).isEqualTo("canaryComparison");
        }
    }

    /** The first error the server sends: an {@code error} message, or a {@code next} whose payload has errors. */
    private static JsonObject firstError(GraphQLWebSocket socket) throws InterruptedException {
        JsonObject answer = socket.next(WAIT);
        while ("ping".equals(answer.getString("type")) || "pong".equals(answer.getString("type"))) {
            answer = socket.next(WAIT);
        }
        JsonArray errors = "error".equals(answer.getString("type")) ? answer.getJsonArray("payload")
                : answer.getJsonObject("payload").getJsonArray("errors");
        assertThat(errors).as(answer.encode()).isNotNull().isNotEmpty();
        return errors.getJsonObject(0);
    }

    @Test
    void aChangeCommittedByAnotherConnectionReachesSubscribers() throws Exception {
        String agent = Fixtures.agentWithVersions("subscribe-sql", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());

        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribe("configChanged", Map.of("agent", agent, "environment", ENV));
            assertThat(socket.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(1);

            try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                    PreparedStatement update = connection.prepareStatement("update deployment set stable_version = 2, "
                            + "generation = generation + 1, updated_at = now() "
                            + "where environment = ? and agent_id = (select id from agent where slug = ?)")) {
                update.setString(1, ENV);
                update.setString(2, agent);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }

            JsonObject changed = socket.nextData(WAIT).getJsonObject("configChanged");
            assertThat(changed.getInteger("generation")).isEqualTo(2);
            assertThat(changed.getJsonObject("stable").getInteger("version")).isEqualTo(2);
        }
    }

    @Test
    void dashboardsSeeEveryEventAsItIsCommitted() throws Exception {
        String agent = Fixtures.agentWithVersions("events-live", 2);
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribe("deploymentChanged", Map.of("agent", agent, "environment", ENV));
            // the subscription has no initial item and the protocol no ack: wait until it is registered
            await().atMost(WAIT).until(() -> eventStreams.subscriberCount(agent, ENV) == 1);
            execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1, "reason", "go"))
                    .body("errors", nullValue());
            execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 5))
                    .body("errors", nullValue());
            execute("promote", Map.of("agent", agent, "environment", ENV)).body("errors", nullValue());

            JsonObject deployed = socket.nextData(WAIT).getJsonObject("deploymentChanged");
            assertThat(deployed.getString("type")).isEqualTo("DEPLOYED");
            assertThat(deployed.getString("reason")).isEqualTo("go");
            assertThat(socket.nextData(WAIT).getJsonObject("deploymentChanged").getString("type"))
                    .isEqualTo("ROLLOUT_STARTED");
            JsonObject promoted = socket.nextData(WAIT).getJsonObject("deploymentChanged");
            assertThat(promoted.getString("type")).isEqualTo("PROMOTED");
            assertThat(promoted.getInteger("generation")).isEqualTo(3);
            assertThat(promoted.getInteger("toVersion")).isEqualTo(2);
        }
    }
}
