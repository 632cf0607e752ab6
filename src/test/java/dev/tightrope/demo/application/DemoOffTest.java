package dev.tightrope.demo.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import dev.tightrope.access.application.ApiTokenService;
import dev.tightrope.access.domain.ApiToken;
import dev.tightrope.access.domain.Role;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Outside dev mode the demo is off: the query says so and nothing of it is set up. */
@QuarkusTest
class DemoOffTest {

    @Inject
    DemoCredentials credentials;
    @Inject
    ApiTokenService tokens;

    @Test
    void theDemosTokensOfAnEarlierStartAreRevokedWhenTheDemoIsOff() {
        String stamp = Long.toString(System.nanoTime());
        long admin = tokens.create(DemoCredentials.PREFIX + "admin-" + stamp, Role.ADMIN, null,
                ApiTokenService.IN_PROCESS).await().atMost(Duration.ofSeconds(10)).token().id();
        long runtime = tokens.create(DemoCredentials.PREFIX + "runtime-" + stamp, Role.RUNTIME, null,
                "token:" + DemoCredentials.PREFIX + "admin-" + stamp).await().atMost(Duration.ofSeconds(10)).token()
                .id();
        long someonesOwn = tokens.create(DemoCredentials.PREFIX + "mine-" + stamp, Role.RUNTIME, null,
                "token:alice").await().atMost(Duration.ofSeconds(10)).token().id();
        assertThat(credentials.revokeLeftovers().await().atMost(Duration.ofSeconds(10))).isEqualTo(2);
        Map<Long, String> status = tokens.list().await().atMost(Duration.ofSeconds(10)).stream()
                .collect(java.util.stream.Collectors.toMap(ApiToken::id, token -> token.status(Instant.now()).name()));
        assertThat(status).containsEntry(admin, "REVOKED").containsEntry(runtime, "REVOKED")
                .containsEntry(someonesOwn, "ACTIVE");
    }

    @Test
    void theTestApplicationRunsNoDemo() {
        execute("demo", Map.of()).body("errors", nullValue())
                .body("data.demo.enabled", equalTo(false))
                .body("data.demo.agent", nullValue())
                .body("data.demo.phase", nullValue());
        execute("agent", Map.of("slug", "demo-support-bot")).body("data.agent", nullValue());
    }
}
