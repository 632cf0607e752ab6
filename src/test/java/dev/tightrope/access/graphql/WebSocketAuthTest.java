package dev.tightrope.access.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * GraphQL over WebSocket: the token travels in the connection_init payload and is checked before any subscription
 * starts.
 */
@QuarkusTest
class WebSocketAuthTest {

    private static final String ENV = "production";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** graphql-transport-ws close code Quarkus uses for a refused connection_init. */
    private static final short FORBIDDEN_CLOSE = 4403;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aValidTokenInConnectionInitOpensSubscriptions() throws Exception {
        String agent = deployedAgent();
        try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.RUNTIME))) {
            socket.subscribe("configChanged", Map.of("agent", agent, "environment", ENV));
            assertThat(socket.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(1);
        }
    }

    @Test
    void withoutATokenNoSubscriptionStarts() throws Exception {
        String agent = deployedAgent();
        try (GraphQLWebSocket anonymous = GraphQLWebSocket.connectAs(vertx, base, null);
                GraphQLWebSocket witness = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.VIEWER))) {
            String id = anonymous.subscribe("configChanged", Map.of("agent", agent, "environment", ENV));
            JsonObject refused = anonymous.next(WAIT);
            assertThat(refused.getString("type")).isEqualTo("error");
            assertThat(refused.getString("id")).isEqualTo(id);
            JsonObject error = refused.getJsonArray("payload").getJsonObject(0);
            assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("UNAUTHENTICATED");
            assertThat(error.getString("message")).contains("connection_init");

            // a change reaches a subscribed socket, and nothing reaches the refused one
            witness.subscribe("configChanged", Map.of("agent", agent, "environment", ENV));
            assertThat(witness.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(1);
            execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
            assertThat(witness.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(2);
            assertThat(anonymous.hasPending()).as("nothing sent to the refused subscription").isFalse();
        }
    }

    @Test
    void anAnonymousSocketCannotReadTheSchema() throws Exception {
        String introspection = "{ __schema { queryType { name } } }";
        try (GraphQLWebSocket anonymous = GraphQLWebSocket.connectAs(vertx, base, null);
                GraphQLWebSocket viewer = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.VIEWER))) {
            anonymous.subscribeText(introspection, Map.of());
            JsonObject refused = anonymous.next(WAIT);
            JsonArray errors = "error".equals(refused.getString("type")) ? refused.getJsonArray("payload")
                    : refused.getJsonObject("payload").getJsonArray("errors");
            assertThat(errors).as("refused, not answered: " + refused.encode()).isNotNull();
            assertThat(errors.getJsonObject(0).getJsonObject("extensions").getString("code"))
                    .as(refused.encode()).isEqualTo("UNAUTHENTICATED");
            assertThat(refused.encode()).doesNotContain("\"Query\"");

            viewer.subscribeText(introspection, Map.of());
            assertThat(viewer.nextData(WAIT).getJsonObject("__schema").getJsonObject("queryType").getString("name"))
                    .isEqualTo("Query");
        }
    }

    @Test
    void aRoleThatMayNotSubscribeIsForbidden() throws Exception {
        String agent = deployedAgent();
        try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.RUNTIME))) {
            socket.subscribe("deploymentChanged", Map.of("agent", agent, "environment", ENV));
            JsonObject refused = socket.next(WAIT);
            assertThat(refused.getString("type")).isEqualTo("error");
            assertThat(refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions").getString("code"))
                    .isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void anUnknownRevokedOrExpiredTokenClosesTheConnectionBeforeAnySubscription() throws Exception {
        try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, base,
                Map.of("authorization", "Bearer tr_" + "u".repeat(43)))) {
            assertThat(socket.awaitClose(WAIT)).isEqualTo(FORBIDDEN_CLOSE);
        }
        try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, base, Map.of("authorization", "Bearer nonsense"))) {
            assertThat(socket.awaitClose(WAIT)).isEqualTo(FORBIDDEN_CLOSE);
        }

        Tokens.Created revoked = Tokens.create(Fixtures.uniqueSlug("ws-revoked"), Role.VIEWER, null);
        execute("revokeApiToken", Map.of("id", revoked.id())).body("errors", nullValue());
        try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, base,
                Map.of("authorization", "Bearer " + revoked.secret()))) {
            assertThat(socket.awaitClose(WAIT)).isEqualTo(FORBIDDEN_CLOSE);
        }

        Tokens.Created expiring = Tokens.create(Fixtures.uniqueSlug("ws-expired"), Role.VIEWER,
                clock.instant().plus(1, ChronoUnit.HOURS));
        clock.advance(Duration.ofHours(2));
        try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, base,
                Map.of("authorization", "Bearer " + expiring.secret()))) {
            assertThat(socket.awaitClose(WAIT)).isEqualTo(FORBIDDEN_CLOSE);
        }
    }

    @Test
    void revokingATokenClosesItsOpenSockets() throws Exception {
        String agent = deployedAgent();
        Tokens.Created runtime = Tokens.create(Fixtures.uniqueSlug("ws-runtime"), Role.RUNTIME, null);
        try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, runtime.secret());
                GraphQLWebSocket other = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.RUNTIME))) {
            socket.subscribe("configChanged", Map.of("agent", agent, "environment", ENV, "runtimeId", "rt-revoked"));
            assertThat(socket.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(1);
            other.subscribe("configChanged", Map.of("agent", agent, "environment", ENV));
            assertThat(other.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(1);

            execute("revokeApiToken", Map.of("id", runtime.id())).body("errors", nullValue());
            socket.awaitClose(WAIT);
            assertThat(socket.isClosed()).isTrue();
            assertThat(other.isClosed()).as("other tokens' sockets stay open").isFalse();
        }
    }

    @Test
    void anOpenSocketWhoseTokenExpiredCannotStartAnythingNew() throws Exception {
        String agent = deployedAgent();
        Tokens.Created viewer = Tokens.create(Fixtures.uniqueSlug("ws-expiring"), Role.VIEWER,
                clock.instant().plus(1, ChronoUnit.HOURS));
        try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, viewer.secret())) {
            clock.advance(Duration.ofHours(2));
            socket.subscribe("deploymentChanged", Map.of("agent", agent, "environment", ENV));
            JsonObject refused = socket.next(WAIT);
            assertThat(refused.getString("type")).isEqualTo("error");
            JsonObject error = refused.getJsonArray("payload").getJsonObject(0);
            assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("UNAUTHENTICATED");
            assertThat(error.getString("message")).contains("expired");
        }
    }

    private static String deployedAgent() {
        String agent = Fixtures.agentWithVersions("ws-auth", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        return agent;
    }
}
