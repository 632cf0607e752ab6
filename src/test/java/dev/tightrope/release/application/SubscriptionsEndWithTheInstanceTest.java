package dev.tightrope.release.application;

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
import dev.tightrope.testing.SseClient;
import dev.tightrope.testing.Tokens;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An instance that stops ends its runtimes' subscriptions with it: a change made after it does not wait for
 * runtimes that are gone (they counted as connected for the runtime liveness, 30 s, before).
 */
@QuarkusTest
class SubscriptionsEndWithTheInstanceTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    PropagationService propagation;

    @Test
    void aStoppingInstanceMarksItsSubscriptionsDisconnected() throws Exception {
        String agent = Fixtures.agentWithVersions("stopping", 3);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .body("errors", nullValue());
        URI stream = base.resolve("/api/v1/agents/" + agent + "/environments/production/config/stream?runtimeId=pod-1");
        try (SseClient runtime = SseClient.open(stream, Tokens.of(Role.RUNTIME), Map.of())) {
            assertThat(runtime.status()).isEqualTo(200);
            assertThat(runtime.next(Duration.ofSeconds(10))).as("the current configuration").isNotNull();
            String expected = execute("deploy", Map.of("agent", agent, "environment", "production", "version", 2))
                    .body("errors", nullValue()).extract().path("data.deploy.propagation.status");
            assertThat(expected).as("a connected runtime is waited for").isEqualTo("PENDING");

            propagation.disconnectAllOnStop(new ShutdownEvent());

            String after = execute("deploy", Map.of("agent", agent, "environment", "production", "version", 3))
                    .body("errors", nullValue()).extract().path("data.deploy.propagation.status");
            assertThat(after).as("after the instance stopped, nobody is waited for").isEqualTo("NO_RUNTIMES");
        }
    }
}
