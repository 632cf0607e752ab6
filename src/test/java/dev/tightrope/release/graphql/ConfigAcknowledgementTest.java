package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

/**
 * A traffic change is propagated when every runtime subscribed at decision time has acknowledged it, or when the
 * timeout (4 s in tests) passes; the event says which.
 */
@QuarkusTest
class ConfigAcknowledgementTest {

    private static final String ENV = "production";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int RACING_RUNTIMES = 12;

    @TestHTTPResource("/")
    URI base;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @Test
    void withoutConnectedRuntimesAChangeIsPropagatedAtCommit() {
        String agent = Fixtures.agentWithVersions("no-runtimes", 1);
        JsonPath event = execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1))
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(event.getString("data.deploy.propagation.status")).isEqualTo("NO_RUNTIMES");
        assertThat(event.getString("data.deploy.propagatedAt")).isEqualTo(event.getString("data.deploy.committedAt"));
        assertThat(event.getInt("data.deploy.propagation.runtimesExpected")).isZero();
    }

    @Test
    void aChangeIsPropagatedWhenEveryConnectedRuntimeAcknowledgedIt() throws Exception {
        String agent = Fixtures.agentWithVersions("acks", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());

        try (GraphQLWebSocket a = subscribed(agent, "runtime-a"); GraphQLWebSocket b = subscribed(agent, "runtime-b")) {
            JsonPath event = execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2))
                    .body("errors", nullValue()).extract().jsonPath();
            assertThat(event.getString("data.deploy.propagation.status")).isEqualTo("PENDING");
            assertThat(event.getInt("data.deploy.propagation.runtimesExpected")).isEqualTo(2);
            assertThat(event.getString("data.deploy.propagatedAt")).isNull();
            assertThat(a.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(2);

            acknowledge(Map.of("agent", agent, "environment", ENV, "generation", 2,
                    "runtimeId", "runtime-a"))
                    .body("errors", nullValue())
                    .body("data.acknowledgeConfig.eventsPropagated", equalTo(0));
            execute("deployment", Map.of("agent", agent, "environment", ENV))
                    .body("data.deployment.events.edges[0].node.propagation.status", equalTo("PENDING"))
                    .body("data.deployment.events.edges[0].node.propagation.runtimesAcknowledged", equalTo(1));

            acknowledge(Map.of("agent", agent, "environment", ENV, "generation", 2,
                    "runtimeId", "runtime-b"))
                    .body("data.acknowledgeConfig.eventsPropagated", equalTo(1));
            execute("deployment", Map.of("agent", agent, "environment", ENV))
                    .body("data.deployment.events.edges[0].node.propagation.status", equalTo("ACKNOWLEDGED"))
                    .body("data.deployment.events.edges[0].node.propagation.runtimesAcknowledged", equalTo(2))
                    .body("data.deployment.events.edges[0].node.propagatedAt", notNullValue());
        }
    }

    @Test
    void aChangeNotAcknowledgedInTimeIsRecordedAsTimedOut() throws Exception {
        String agent = Fixtures.agentWithVersions("timeout", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        try (GraphQLWebSocket silent = subscribed(agent, "silent-runtime")) {
            execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2))
                    .body("data.deploy.propagation.status", equalTo("PENDING"));
            await().atMost(WAIT).untilAsserted(() -> execute("deployment", Map.of("agent", agent, "environment", ENV))
                    .body("data.deployment.events.edges[0].node.propagation.status", equalTo("TIMED_OUT"))
                    .body("data.deployment.events.edges[0].node.propagation.runtimesAcknowledged", equalTo(0))
                    .body("data.deployment.events.edges[0].node.propagatedAt", notNullValue()));
        }
    }

    @Test
    void aRollbackAcknowledgedByEveryRuntimeIsTimedFromDecisionToPropagation() throws Exception {
        String agent = Fixtures.agentWithVersions("ack-timer", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
        long before = propagationTimerCount();

        try (GraphQLWebSocket runtime = subscribed(agent, "timed-runtime")) {
            execute("rollback", Map.of("agent", agent, "environment", ENV))
                    .body("errors", nullValue()).body("data.rollback.type", equalTo("ROLLED_BACK"));
            assertThat(runtime.nextData(WAIT).getJsonObject("configChanged").getInteger("generation")).isEqualTo(3);
            acknowledge(Map.of("agent", agent, "environment", ENV, "generation", 3, "runtimeId", "timed-runtime"))
                    .body("data.acknowledgeConfig.eventsPropagated", equalTo(1));
        }
        assertThat(propagationTimerCount() - before).isEqualTo(1);
    }

    private long propagationTimerCount() {
        return registry.find("tightrope.rollback.propagation").timers().stream().mapToLong(Timer::count).sum();
    }

    @Test
    void acknowledgementsAreValidated() {
        String agent = Fixtures.agentWithVersions("ack-errors", 1);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        acknowledge(Map.of("agent", agent, "environment", ENV, "generation", 5, "runtimeId", "r"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("generation"));
        acknowledge(Map.of("agent", agent, "environment", "staging", "generation", 1,
                "runtimeId", "r"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        acknowledge(Map.of("agent", "no-such-agent-here", "environment", ENV, "generation", 1, "runtimeId", "r"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        acknowledge(Map.of("agent", agent, "environment", ENV, "generation", 0, "runtimeId", "r"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        acknowledge(Map.of("agent", agent, "environment", ENV, "generation", 1, "runtimeId", ""))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("runtimeId"));
    }

    /** Runtimes acknowledge with a RUNTIME token, the only role allowed to. */
    private static ValidatableResponse acknowledge(Map<String, Object> variables) {
        return executeAs(Tokens.of(Role.RUNTIME), "acknowledgeConfig", variables).statusCode(200);
    }

    /** A runtime connected to configChanged; its registration is done once the first configuration arrived. */
    @Test
    void concurrentAcknowledgementsOfSeveralPendingChangesAllCount() throws Exception {
        String agent = Fixtures.agentWithVersions("ack-race", 3);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        List<GraphQLWebSocket> sockets = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(RACING_RUNTIMES);
        try {
            for (int i = 0; i < RACING_RUNTIMES; i++) {
                sockets.add(subscribed(agent, "racer-" + i));
            }
            execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
            execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 3)).body("errors", nullValue());

            List<CompletableFuture<String>> acks = IntStream.range(0, RACING_RUNTIMES)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> acknowledge(Map.of(
                            "agent", agent, "environment", ENV, "generation", 3, "runtimeId", "racer-" + i))
                            .extract().asString(), callers))
                    .toList();
            for (CompletableFuture<String> ack : acks) {
                assertThat(JsonPath.from(ack.get(60, TimeUnit.SECONDS)).getList("errors")).as("ack answer").isNull();
            }

            JsonPath events = execute("deployment", Map.of("agent", agent, "environment", ENV))
                    .extract().jsonPath();
            for (int edge = 0; edge < 2; edge++) {
                String node = "data.deployment.events.edges[" + edge + "].node.";
                assertThat(events.getString(node + "propagation.status")).isEqualTo("ACKNOWLEDGED");
                assertThat(events.getInt(node + "propagation.runtimesAcknowledged")).isEqualTo(RACING_RUNTIMES);
            }
        } finally {
            callers.shutdownNow();
            for (GraphQLWebSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private GraphQLWebSocket subscribed(String agent, String runtimeId) throws Exception {
        GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.RUNTIME));
        socket.subscribe("configChanged", Map.of("agent", agent, "environment", ENV, "runtimeId", runtimeId));
        socket.nextData(WAIT);
        return socket;
    }
}
