package dev.tightrope.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.tightrope.access.domain.Role;
import dev.tightrope.telemetry.http.OutcomeRoutes;
import io.vertx.core.json.JsonObject;

/** A simulated runtime reporting outcomes over the NDJSON endpoint, stamped with the server's clock. */
public final class OutcomeReports {

    private OutcomeReports() {
    }

    /** Reports {@code count} outcomes of the stable arm of a version, the first {@code errorRate} of them errors. */
    public static void report(Clock clock, String agent, String environment, int version, int count,
            double errorRate) {
        StringBuilder body = new StringBuilder();
        long errors = Math.round(count * errorRate);
        for (int i = 0; i < count; i++) {
            body.append(new JsonObject().put("agent", agent).put("environment", environment).put("version", version)
                    .put("arm", "STABLE").put("occurredAt", clock.instant().toString())
                    .put("status", i < errors ? "ERROR" : "SUCCESS").put("taskCompleted", true)
                    .put("latencyMs", 1_000 + i).put("costUsd", 0.002).encode()).append('\n');
        }
        given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("application/x-ndjson")
                .body(body.toString().getBytes(StandardCharsets.UTF_8))
                .when().post(OutcomeRoutes.PATH)
                .then().statusCode(200).body("accepted", equalTo(count));
    }
}
