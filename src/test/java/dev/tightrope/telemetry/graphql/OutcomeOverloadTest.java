package dev.tightrope.telemetry.graphql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.telemetry.http.OutcomeRoutes;
import dev.tightrope.testing.SmallOutcomeIntake;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the intake bounded to 5 outcomes in flight, a batch of 6 is refused whole: 429 with Retry-After. */
@QuarkusTest
@TestProfile(SmallOutcomeIntake.class)
class OutcomeOverloadTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aBatchBeyondTheIntakeIsRefusedWholeWithRetryAfter() {
        String line = "{\"agent\":\"any-agent\",\"environment\":\"production\",\"version\":1,\"arm\":\"STABLE\","
                + "\"occurredAt\":\"2026-12-01T10:00:00Z\",\"status\":\"SUCCESS\",\"latencyMs\":5}\n";
        given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("application/x-ndjson")
                .body(line.repeat(6).getBytes(StandardCharsets.UTF_8))
                .when().post(OutcomeRoutes.PATH)
                .then().statusCode(429).header("Retry-After", "2")
                .body("errors[0].extensions.code", equalTo("OVERLOADED"))
                .body("errors[0].extensions.retryAfterSeconds", equalTo(2));
        assertThat(registry.counter("tightrope.outcomes.throttled").count()).isEqualTo(6);
    }
}
