package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * With {@code tightrope.graphql.route-fast-path=false}, {@code tightrope.graphql.acknowledge-fast-path=false} and
 * {@code tightrope.graphql.socket-fast-path=false} every route query, acknowledgeConfig mutation and configChanged
 * subscription is answered by the engine — the fast paths' counters never move — with
 * the same answers, and the request checks in front of both paths stay on.
 */
@QuarkusTest
@TestProfile(FastPathSwitchesTest.FastPathsOff.class)
class FastPathSwitchesTest {

    private static final String ENV = "production";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Every switch off. */
    public static class FastPathsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tightrope.graphql.route-fast-path", "false",
                    "tightrope.graphql.acknowledge-fast-path", "false",
                    "tightrope.graphql.socket-fast-path", "false");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Test
    void routeIsAnsweredByTheEngine() {
        String agent = deployedAgent("switch-route");
        Map<String, Object> variables = Map.of("agent", agent, "environment", ENV, "routingKey", "user-1");
        JsonPath plain = GraphQLClient.executeAs(Tokens.of(Role.RUNTIME), "route", variables).statusCode(200)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(plain.getInt("data.route.version")).isEqualTo(1);
        assertThat(plain.getString("data.route.arm")).isEqualTo("STABLE");
        assertThat(registry.counter("tightrope.graphql.route.fast.path").count()).isZero();
    }

    @Test
    void acknowledgeConfigIsAnsweredByTheEngine() {
        String agent = deployedAgent("switch-ack");
        JsonPath answer = GraphQLClient.executeAs(Tokens.of(Role.RUNTIME), "acknowledgeConfig", Map.of("agent", agent,
                "environment", ENV, "generation", 1, "runtimeId", "switched-off")).statusCode(200)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(answer.getInt("data.acknowledgeConfig.generation")).isEqualTo(1);
        assertThat(registry.counter("tightrope.graphql.acknowledge.fast.path").count()).isZero();
    }

    @Test
    void configChangedIsServedByTheEngineAndTheChecksStay() throws Exception {
        String agent = deployedAgent("switch-socket");
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribeText("c", GraphQLClient.load("configChanged"), Map.of("agent", agent, "environment", ENV));
            assertThat(socket.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(1);
            assertThat(registry.counter("tightrope.graphql.subscription.fast.path").count()).isZero();

            socket.send(new JsonObject().put("id", "bad").put("type", "subscribe").put("payload", new JsonObject()
                    .put("query", GraphQLClient.load("configChanged")).put("variables", 5)));
            JsonObject refused = socket.next(WAIT);
            assertThat(refused.getString("type")).isEqualTo("error");
            assertThat(refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions")
                    .getString("code")).isEqualTo("VALIDATION");
        }
    }

    private static String deployedAgent(String prefix) {
        String agent = Fixtures.agentWithVersions(prefix, 1);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        return agent;
    }
}
