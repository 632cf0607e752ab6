package dev.tightrope.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.tightrope.access.domain.Role;
import dev.tightrope.telemetry.http.OutcomeRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A simulated runtime reporting outcomes over the NDJSON endpoint, stamped with the server's clock. Latencies
 * repeat every 50 outcomes (2 000 to 2 490 ms), so two arms reported alike have the same latency whatever their
 * counts.
 */
public final class OutcomeReports {

    private OutcomeReports() {
    }

    /** Reports {@code count} outcomes of the stable arm of a version, the first {@code errorRate} of them errors. */
    public static void report(Clock clock, String agent, String environment, int version, int count,
            double errorRate) {
        report(clock, agent, environment, version, "STABLE", count, errorRate, 1.0);
    }

    /** Reports {@code count} outcomes of one arm with exactly these error and completion rates. */
    public static void report(Clock clock, String agent, String environment, int version, String arm, int count,
            double errorRate, double completion) {
        StringBuilder body = new StringBuilder();
        long errors = Math.round(count * errorRate);
        long completed = Math.round(count * completion);
        for (int i = 0; i < count; i++) {
            body.append(outcome(clock, agent, environment, version, arm, i).put("status", i < errors ? "ERROR"
                    : "SUCCESS").put("taskCompleted", i < completed).encode()).append('\n');
        }
        post(body, count);
    }

    /** Reports {@code count} successful outcomes of the stable arm that each call {@code tool} once, failing so. */
    public static void reportToolCalls(Clock clock, String agent, String environment, int version, String tool,
            int count, double failing) {
        StringBuilder body = new StringBuilder();
        long failed = Math.round(count * failing);
        for (int i = 0; i < count; i++) {
            body.append(outcome(clock, agent, environment, version, "STABLE", i).put("status", "SUCCESS")
                    .put("toolCalls", new JsonArray().add(new JsonObject().put("tool", tool)
                            .put("status", i < failed ? "ERROR" : "SUCCESS").put("latencyMs", 50)))
                    .encode()).append('\n');
        }
        post(body, count);
    }

    private static JsonObject outcome(Clock clock, String agent, String environment, int version, String arm, int i) {
        return new JsonObject().put("agent", agent).put("environment", environment).put("version", version)
                .put("arm", arm).put("occurredAt", clock.instant().toString())
                .put("latencyMs", 2_000 + (i % 50) * 10).put("costUsd", 0.003);
    }

    private static void post(StringBuilder body, int count) {
        given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("application/x-ndjson")
                .body(body.toString().getBytes(StandardCharsets.UTF_8))
                .when().post(OutcomeRoutes.PATH)
                .then().statusCode(200).body("accepted", equalTo(count));
    }
}
