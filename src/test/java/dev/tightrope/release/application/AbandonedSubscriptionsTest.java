package dev.tightrope.release.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.DatabaseProbe;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;

/**
 * A runtime that goes away while its registration is still being written (a client closed right after it
 * connected, a request abandoned while the server was slow) is recorded as disconnected once the registration is
 * in: later changes do not wait for it until they time out.
 */
@QuarkusTest
class AbandonedSubscriptionsTest {

    @Inject
    ConfigStreams streams;
    @Inject
    Vertx vertx;

    @Test
    void aStreamCancelledWhileItsRuntimeIsRegisteredLeavesNoRuntimeToWaitFor() throws Exception {
        String agent = Fixtures.agentWithVersions("abandoned", 2);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .body("errors", nullValue());
        CountDownLatch cancelled = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            String runtimeId = "gone-" + i;
            VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext()).runOnContext(ignored -> {
                // cancelled on the same turn of the event loop: the registration's insert has not finished
                streams.watch(agent, "production", runtimeId).subscribe().with(table -> { }).cancel();
                cancelled.countDown();
            });
        }
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(DatabaseProbe.queryLong(
                "select count(*) from config_subscription s join agent a on a.id = s.agent_id where a.slug = ? "
                        + "and s.disconnected_at is not null", agent)).as("each registration, then released")
                .isEqualTo(5));
        assertThat(DatabaseProbe.queryLong("select count(*) from config_subscription s join agent a "
                + "on a.id = s.agent_id where a.slug = ? and s.disconnected_at is null", agent)).isZero();
        String status = execute("deploy", Map.of("agent", agent, "environment", "production", "version", 2))
                .body("errors", nullValue()).extract().path("data.deploy.propagation.status");
        assertThat(status).as("no runtime is connected, none is waited for").isEqualTo("NO_RUNTIMES");
    }
}
