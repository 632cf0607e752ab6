package dev.tightrope.runtime.http;

import static dev.tightrope.runtime.http.RuntimeTraffic.ENV;
import static dev.tightrope.runtime.http.RuntimeTraffic.change;
import static dev.tightrope.runtime.http.RuntimeTraffic.configPath;
import static dev.tightrope.testing.GraphQLClient.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.release.application.ConfigStreams;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.SseClient;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How configuration streams behave around their subscribers: a runtime that stops reading neither delays the others
 * nor grows memory (it skips to the newest generation, and is cut off once stalled for the stall timeout of the
 * test clock), a stream with a runtimeId takes part in propagation tracking, and streams end cleanly at shutdown.
 */
@QuarkusTest
class ConfigStreamBehaviourTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Large components, so that a few configurations fill any socket buffer. */
    private static final String BIG = "Refunds up to $50 need no approval. ".repeat(5_000);

    @TestHTTPResource("/")
    URI base;

    @Inject
    ConfigStreams configs;

    @Inject
    ConfigStreamRoute streams;

    @Inject
    MeterRegistry registry;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aRuntimeThatStopsReadingSkipsToTheNewestAndIsCutOffWhenStalled() throws Exception {
        String agent = bigAgent();
        change("deploy", agent, Map.of("version", 1));
        int generation = change("startRollout", agent, Map.of("version", 2, "weight", 1));
        double skippedBefore = counter("tightrope.runtime.stream.generations.skipped");
        double stalledBefore = counter("tightrope.runtime.stream.stalled");
        try (SseClient fast = open(agent); Socket stalled = slowReader(agent); Socket resuming = slowReader(agent)) {
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 3);
            assertThat(fast.next(WAIT).id()).isEqualTo(Integer.toString(generation));
            for (int weight = 2; weight <= 25; weight++) {
                generation = change("advanceRollout", agent, Map.of("weight", weight));
                // the runtime that reads gets every generation, at once, whatever the others do
                assertThat(fast.next(WAIT).id()).isEqualTo(Integer.toString(generation));
            }
            await().atMost(WAIT).until(() -> counter("tightrope.runtime.stream.generations.skipped") > skippedBefore);

            // reading again, a slow runtime receives the newest generation
            assertThat(readUntil(resuming, "id: " + generation + "\n")).isTrue();

            // the one that never reads is cut off once stalled for the stall timeout (30 s in the test profile)
            clock.advance(Duration.ofSeconds(31));
            await().atMost(WAIT).until(() -> counter("tightrope.runtime.stream.stalled") > stalledBefore);
            await().atMost(WAIT).untilAsserted(() -> assertThat(configs.subscriberCount(agent, ENV)).isEqualTo(2));
            assertThat(readUntil(stalled, null)).as("the stalled connection was closed").isTrue();

            int next = change("rollback", agent, Map.of());
            assertThat(fast.next(WAIT).id()).isEqualTo(Integer.toString(next));
        }
    }

    @Test
    void aStreamWithARuntimeIdIsWaitedForUntilItAcknowledges() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-propagation", 2);
        change("deploy", agent, Map.of("version", 1));
        try (SseClient stream = SseClient.open(base.resolve(configPath(agent) + "/stream?runtimeId=pod-7"),
                Tokens.of(Role.RUNTIME), Map.of())) {
            assertThat(stream.next(WAIT)).isNotNull();
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 1);
            int generation = change("deploy", agent, Map.of("version", 2));
            assertThat(stream.next(WAIT).id()).isEqualTo(Integer.toString(generation));
            assertThat(propagation(agent)).isEqualTo("PENDING");

            given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("application/json")
                    .body(Map.of("generation", generation, "runtimeId", "pod-7"))
                    .post("/api/v1/agents/" + agent + "/environments/" + ENV + "/acknowledgements")
                    .then().statusCode(200);
            await().atMost(WAIT).until(() -> "ACKNOWLEDGED".equals(propagation(agent)));
        }
    }

    @Test
    void streamsEndCleanlyAtShutdown() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-shutdown", 1);
        change("deploy", agent, Map.of("version", 1));
        try (SseClient stream = open(agent)) {
            assertThat(stream.next(WAIT)).isNotNull();
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 1);
            streams.closeAll(); // what the ShutdownEvent does
            await().atMost(WAIT).until(stream::ended);
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 0);
        }
    }

    private String bigAgent() {
        String agent = Fixtures.createAgent("sse-slow");
        Fixtures.createFirstVersion(agent, "v1 " + BIG);
        execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", Fixtures.prompt("v2 " + BIG))))
                .body("errors", nullValue());
        return agent;
    }

    /** A raw connection that asks for the stream with a tiny receive buffer and then reads nothing. */
    private Socket slowReader(String agent) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        socket.getOutputStream().write(("GET " + configPath(agent) + "/stream HTTP/1.1\r\nHost: " + base.getHost()
                + "\r\nAuthorization: Bearer " + Tokens.of(Role.RUNTIME) + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads until {@code marker} arrives (true), or with a null marker until the server closes (true). */
    private static boolean readUntil(Socket socket, String marker) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                tail.write(buffer, 0, read);
                String text = tail.toString(StandardCharsets.UTF_8);
                if (marker != null && text.contains(marker)) {
                    return true;
                }
                tail.reset();
                tail.write(buffer, Math.max(0, read - 64), Math.min(read, 64)); // a marker may span two reads
            }
            return marker == null;
        } catch (SocketTimeoutException timedOut) {
            return false;
        } catch (IOException reset) {
            return marker == null; // reset by the server: closed too
        }
    }

    private SseClient open(String agent) throws Exception {
        return SseClient.open(base.resolve(configPath(agent) + "/stream"), Tokens.of(Role.RUNTIME), Map.of());
    }

    private static String propagation(String agent) {
        return execute("deploymentPropagation", Map.of("agent", agent, "environment", ENV))
                .body("errors", nullValue())
                .extract().path("data.deployment.events.edges[0].node.propagation.status");
    }

    private double counter(String name) {
        return registry.counter(name).count();
    }
}
