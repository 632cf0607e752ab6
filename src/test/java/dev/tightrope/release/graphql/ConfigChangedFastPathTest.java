package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.tightrope.release.application.ConfigStreams;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.GraphQLWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * configChanged subscriptions served by {@link ConfigChangedFastPath} answer exactly as the engine does, over real
 * WebSockets: the same document with {@code @include(if: true)} on one field is left to the engine, and both sockets
 * must receive the very same text for every change. The fast path's counter shows which path served each
 * subscription.
 */
@QuarkusTest
class ConfigChangedFastPathTest {

    private static final String ENV = "production";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    ConfigStreams configs;

    @Inject
    MeterRegistry registry;

    @ParameterizedTest
    @ValueSource(strings = {"configChanged", "configChangedEverything"})
    void answersEveryChangeWithTheEnginesVeryText(String documentName) throws Exception {
        String agent = Fixtures.agentWithVersions("fast-config", 3);
        traffic("deploy", agent, Map.of("version", 1));
        String document = GraphQLClient.load(documentName);
        String engineDocument = document.replaceFirst("generation", "generation @include(if: true)");
        double servedBefore = served();

        try (GraphQLWebSocket fast = GraphQLWebSocket.connect(vertx, base, Map.of());
                GraphQLWebSocket engine = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            fast.subscribeText("7", document, variables(agent, "rt-fast"));
            await().atMost(WAIT).until(() -> served() == servedBefore + 1);
            engine.subscribeText("7", engineDocument, variables(agent, "rt-engine"));
            assertSameNext(fast, engine, 1);
            assertThat(served() - servedBefore).as("the document with @include is served by the engine").isEqualTo(1);

            traffic("startRollout", agent, Map.of("version", 2, "weight", 10));
            assertSameNext(fast, engine, 2);
            traffic("advanceRollout", agent, Map.of("weight", 25));
            assertSameNext(fast, engine, 3);
            traffic("rollback", agent, Map.of());
            assertSameNext(fast, engine, 4);
            traffic("deploy", agent, Map.of("version", 3));
            assertSameNext(fast, engine, 5);
        }
    }

    @Test
    void completingASubscriptionStopsItAndFreesItsId() throws Exception {
        String agent = Fixtures.agentWithVersions("fast-complete", 2);
        traffic("deploy", agent, Map.of("version", 1));
        String document = GraphQLClient.load("configChanged");

        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            subscribeFast(socket, "a", document, variables(agent, null));
            assertThat(generation(socket.nextData(WAIT))).isEqualTo(1);
            socket.complete("a");
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 0);

            traffic("deploy", agent, Map.of("version", 2));
            subscribeFast(socket, "a", document, variables(agent, null));
            assertThat(generation(socket.nextData(WAIT))).isEqualTo(2);
            traffic("rollback", agent, Map.of());
            // had the first subscription lived on, a second message of generation 2 would come first
            assertThat(generation(socket.nextData(WAIT))).isEqualTo(3);
        }
    }

    @Test
    void anIdInUseClosesTheSocketAsTheProtocolSays() throws Exception {
        String agent = Fixtures.agentWithVersions("fast-duplicate", 1);
        traffic("deploy", agent, Map.of("version", 1));
        String document = GraphQLClient.load("configChanged");

        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            subscribeFast(socket, "same", document, variables(agent, null));
            assertThat(generation(socket.nextData(WAIT))).isEqualTo(1);
            socket.subscribeText("same", document, variables(agent, null));
            assertThat(socket.awaitClose(WAIT)).isEqualTo((short) 4409);
        }
        await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 0);
    }

    @Test
    void closingTheSocketEndsItsSubscriptions() throws Exception {
        String agent = Fixtures.agentWithVersions("fast-close", 1);
        traffic("deploy", agent, Map.of("version", 1));
        GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of());
        subscribeFast(socket, "1", GraphQLClient.load("configChanged"), variables(agent, "rt-close"));
        assertThat(generation(socket.nextData(WAIT))).isEqualTo(1);
        assertThat(configs.subscriberCount(agent, ENV)).isEqualTo(1);

        socket.close();
        await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 0);
    }

    @Test
    void fastAndEngineSubscriptionsShareOneSocket() throws Exception {
        String agent = Fixtures.agentWithVersions("fast-shared", 2);
        traffic("deploy", agent, Map.of("version", 1));

        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            subscribeFast(socket, "config", GraphQLClient.load("configChanged"), variables(agent, null));
            assertThat(generation(socket.nextData(WAIT))).isEqualTo(1);
            double before = served();
            socket.subscribeText("events", GraphQLClient.load("deploymentChanged"),
                    Map.of("agent", agent, "environment", ENV));
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 1);

            traffic("deploy", agent, Map.of("version", 2));
            Map<String, JsonObject> byId = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                JsonObject message = socket.next(WAIT);
                assertThat(message.getString("type")).isEqualTo("next");
                byId.put(message.getString("id"), message.getJsonObject("payload").getJsonObject("data"));
            }
            assertThat(generation(byId.get("config"))).isEqualTo(2);
            assertThat(byId.get("events").getJsonObject("deploymentChanged").getInteger("generation")).isEqualTo(2);
            assertThat(served()).as("deploymentChanged is the engine's").isEqualTo(before);
        }
    }

    /** Subscribes and proves that the fast path took it: its counter moves by one. */
    private void subscribeFast(GraphQLWebSocket socket, String id, String document, Map<String, Object> variables) {
        double before = served();
        socket.subscribeText(id, document, variables);
        await().atMost(WAIT).until(() -> served() == before + 1);
    }

    private static void assertSameNext(GraphQLWebSocket fast, GraphQLWebSocket engine, int generation)
            throws InterruptedException {
        String fromFast = fast.nextText(WAIT);
        String fromEngine = engine.nextText(WAIT);
        assertThat(fromFast).isEqualTo(fromEngine);
        JsonObject config = new JsonObject(fromFast).getJsonObject("payload").getJsonObject("data").stream()
                .map(entry -> (JsonObject) entry.getValue()).findFirst().orElseThrow();
        assertThat(config.getInteger("generation")).isEqualTo(generation);
    }

    private static int generation(JsonObject data) {
        return data.getJsonObject("configChanged").getInteger("generation");
    }

    private static Map<String, Object> variables(String agent, String runtimeId) {
        Map<String, Object> variables = new HashMap<>(Map.of("agent", agent, "environment", ENV));
        if (runtimeId != null) {
            variables.put("runtimeId", runtimeId);
        }
        return variables;
    }

    private static void traffic(String mutation, String agent, Map<String, Object> arguments) {
        Map<String, Object> variables = new HashMap<>(arguments);
        variables.put("agent", agent);
        variables.put("environment", ENV);
        execute(mutation, variables).body("errors", nullValue());
    }

    private double served() {
        return registry.counter("tightrope.graphql.subscription.fast.path").count();
    }
}
