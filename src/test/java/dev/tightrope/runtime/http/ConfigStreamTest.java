package dev.tightrope.runtime.http;

import static dev.tightrope.runtime.http.RuntimeTraffic.ENV;
import static dev.tightrope.runtime.http.RuntimeTraffic.change;
import static dev.tightrope.runtime.http.RuntimeTraffic.configPath;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.release.application.ConfigStreams;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.SseClient;
import dev.tightrope.testing.SseClient.Event;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET …/config/stream} over real HTTP, read as it arrives: the current configuration first, one event per
 * change made through the GraphQL API, resumption with Last-Event-ID, heartbeats (every second in the test
 * profile), one rendering per generation however many subscribers, and the coded refusals.
 */
@QuarkusTest
class ConfigStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Inject
    ConfigStreams configs;

    @Inject
    MeterRegistry registry;

    @Test
    void theCurrentConfigurationFirstThenOneEventPerChange() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-changes", 2);
        int deployed = change("deploy", agent, Map.of("version", 1));
        try (SseClient stream = open(agent, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
            Event first = stream.next(WAIT);
            assertThat(first.id()).isEqualTo(Integer.toString(deployed));
            assertThat(first.event()).isEqualTo("config");
            assertThat(first.data()).isEqualTo(given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                    .get(configPath(agent)).asString());
            assertThat(stream.retry()).isEqualTo("3000");

            int started = change("startRollout", agent, Map.of("version", 2, "weight", 10));
            Event rollout = stream.next(WAIT);
            assertThat(rollout.id()).isEqualTo(Integer.toString(started));
            assertThat(new JsonObject(rollout.data()).getJsonObject("canary").getInteger("version")).isEqualTo(2);

            int rolledBack = change("rollback", agent, Map.of("reason", "sse test"));
            Event rollback = stream.next(WAIT);
            assertThat(rollback.id()).isEqualTo(Integer.toString(rolledBack));
            JsonObject config = new JsonObject(rollback.data());
            assertThat(config.getInteger("generation")).isEqualTo(rolledBack);
            assertThat(config.getValue("canary")).isNull();
            assertThat(config.getInteger("weight")).isZero();
        }
        await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 0);
    }

    @Test
    void lastEventIdResumes() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-resume", 2);
        change("deploy", agent, Map.of("version", 1));
        int current = change("deploy", agent, Map.of("version", 2));

        // a runtime that has an older generation gets the current one at once
        try (SseClient behind = open(agent, Map.of("Last-Event-ID", Integer.toString(current - 1)))) {
            assertThat(behind.next(WAIT).id()).isEqualTo(Integer.toString(current));
        }
        // one that has the current generation gets nothing until the next change, then exactly that
        try (SseClient upToDate = open(agent, Map.of("Last-Event-ID", Integer.toString(current)))) {
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 1);
            await().atMost(WAIT).until(() -> upToDate.comments() >= 1); // a heartbeat went by, and no event
            assertThat(upToDate.pending()).isEmpty();
            int next = change("rollback", agent, Map.of());
            Event event = upToDate.next(WAIT);
            assertThat(event.id()).isEqualTo(Integer.toString(next));
        }
    }

    /**
     * A runtime whose id is ahead of the deployment (a database restored from a backup, a deployment made again) is
     * treated as current: it gets the next change. It used to get nothing until the generation passed its id, so it
     * served a stale configuration through every rollback.
     */
    @Test
    void aLastEventIdAheadOfTheDeploymentIsTreatedAsCurrent() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-ahead", 2);
        int current = change("deploy", agent, Map.of("version", 1));
        try (SseClient ahead = open(agent, Map.of("Last-Event-ID", Integer.toString(current + 50)))) {
            await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 1);
            await().atMost(WAIT).until(() -> ahead.comments() >= 1);
            assertThat(ahead.pending()).as("nothing before the next change").isEmpty();
            int next = change("deploy", agent, Map.of("version", 2));
            assertThat(ahead.next(WAIT).id()).isEqualTo(Integer.toString(next));
        }
    }

    /** As its WebSockets are closed: a leaked token stops receiving configurations the moment it is revoked. */
    @Test
    void revokingATokenEndsItsStreamsAndOnlyThose() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-revoked", 2);
        change("deploy", agent, Map.of("version", 1));
        Tokens.Created leaked = Tokens.create(Fixtures.uniqueSlug("sse-leaked"), Role.RUNTIME, null);
        URI stream = base.resolve(configPath(agent) + "/stream");
        try (SseClient revoked = SseClient.open(stream, leaked.secret(), Map.of());
                SseClient other = open(agent, Map.of())) {
            assertThat(revoked.next(WAIT).event()).isEqualTo("config");
            assertThat(other.next(WAIT).event()).isEqualTo("config");
            dev.tightrope.testing.GraphQLClient.execute("revokeApiToken", Map.of("id", leaked.id()))
                    .body("errors", org.hamcrest.Matchers.nullValue());
            await().atMost(WAIT).until(revoked::ended);
            int next = change("deploy", agent, Map.of("version", 2));
            assertThat(other.next(WAIT).id()).as("other tokens' streams go on").isEqualTo(Integer.toString(next));
            assertThat(revoked.pending()).as("nothing after the revocation").isEmpty();
        }
        assertCode(SseClient.get(stream, leaked.secret(), Map.of()), 401, "UNAUTHENTICATED");
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-expiring", 1);
        change("deploy", agent, Map.of("version", 1));
        Tokens.Created expiring = Tokens.create(Fixtures.uniqueSlug("sse-expiring"), Role.RUNTIME,
                java.time.Instant.now().plusSeconds(3));
        try (SseClient stream = SseClient.open(base.resolve(configPath(agent) + "/stream"), expiring.secret(),
                Map.of())) {
            assertThat(stream.next(WAIT).event()).isEqualTo("config");
            assertThat(stream.ended()).isFalse();
            await().atMost(WAIT).until(stream::ended);
        }
    }

    @Test
    void idleStreamsSendHeartbeats() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-heartbeat", 1);
        change("deploy", agent, Map.of("version", 1));
        try (SseClient stream = open(agent, Map.of())) {
            assertThat(stream.next(WAIT)).isNotNull();
            // the test profile's interval is one second
            await().atMost(WAIT).until(() -> stream.comments() >= 2);
            assertThat(stream.pending()).isEmpty();
        }
    }

    @Test
    void twoHundredSubscribersGetARollbackFromOneRendering() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-many", 2);
        change("deploy", agent, Map.of("version", 1));
        change("startRollout", agent, Map.of("version", 2, "weight", 50));
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                streams.add(open(agent, Map.of()));
            }
            for (SseClient stream : streams) {
                assertThat(stream.next(WAIT)).isNotNull();
            }
            double rendersBefore = renders();
            int rolledBack = change("rollback", agent, Map.of("reason", "many subscribers"));
            for (SseClient stream : streams) {
                Event event = stream.next(WAIT);
                assertThat(event).as("every subscriber gets the rollback").isNotNull();
                assertThat(event.id()).isEqualTo(Integer.toString(rolledBack));
            }
            assertThat(renders() - rendersBefore).as("one rendering for 200 subscribers").isEqualTo(1);
        } finally {
            streams.forEach(SseClient::close);
        }
        await().atMost(WAIT).until(() -> configs.subscriberCount(agent, ENV) == 0);
    }

    @Test
    void refusalsAreCoded() throws Exception {
        String agent = Fixtures.agentWithVersions("sse-refused", 1);
        URI stream = base.resolve(configPath(agent) + "/stream");
        assertCode(SseClient.get(stream, Tokens.of(Role.RUNTIME), Map.of()), 404, "NOT_FOUND");
        change("deploy", agent, Map.of("version", 1));
        assertCode(SseClient.get(stream, null, Map.of()), 401, "UNAUTHENTICATED");
        assertCode(SseClient.get(stream, Tokens.of(Role.VIEWER), Map.of()), 403, "FORBIDDEN");
        assertCode(SseClient.get(stream, Tokens.of(Role.RUNTIME), Map.of("Last-Event-ID", "seven")), 400,
                "VALIDATION");
        assertCode(SseClient.get(stream, Tokens.of(Role.RUNTIME), Map.of("Last-Event-ID", "-1")), 400, "VALIDATION");
        assertCode(SseClient.get(base.resolve(configPath(agent) + "/stream?runtimeId="), Tokens.of(Role.RUNTIME),
                Map.of()), 400, "VALIDATION");
        // PostgreSQL cannot store U+0000: refused like every other entry point does, before it is registered
        HttpResponse<String> nul = SseClient.get(base.resolve(configPath(agent) + "/stream?runtimeId=pod%001"),
                Tokens.of(Role.RUNTIME), Map.of());
        assertCode(nul, 400, "VALIDATION");
        assertThat(nul.body()).contains("runtimeId: must not contain the NUL character (U+0000), found at index 3");
        assertCode(SseClient.get(base.resolve("/api/v1/agents/NOPE/environments/" + ENV + "/config/stream"),
                Tokens.of(Role.RUNTIME), Map.of()), 400, "VALIDATION");
        assertThat(configs.subscriberCount(agent, ENV)).isZero();
    }

    private static void assertCode(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(new JsonObject(response.body()).getJsonArray("errors").getJsonObject(0)
                .getJsonObject("extensions").getString("code")).isEqualTo(code);
    }

    private SseClient open(String agent, Map<String, String> headers) throws Exception {
        return SseClient.open(base.resolve(configPath(agent) + "/stream"), Tokens.of(Role.RUNTIME), headers);
    }

    private double renders() {
        return registry.counter("tightrope.runtime.config.renders").count();
    }
}
