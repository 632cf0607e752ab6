package dev.tightrope.runtime.http;

import static dev.tightrope.runtime.http.RuntimeTraffic.ENV;
import static dev.tightrope.runtime.http.RuntimeTraffic.change;
import static dev.tightrope.testing.GraphQLClient.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * {@code POST …/acknowledgements}: the semantics of GraphQL acknowledgeConfig (the same service), and every input
 * refused with a code and nothing recorded.
 */
@QuarkusTest
class AcknowledgementRouteTest {

    @Test
    void anAcknowledgementCompletesThePropagationOfTheChange() {
        String agent = Fixtures.agentWithVersions("http-ack", 2);
        int generation = change("deploy", agent, Map.of("version", 1));
        double timedBefore = recordedCount();

        runtime().body("{\"generation\": " + generation + ", \"runtimeId\": \"pod-1\"}")
                .post(path(agent)).then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("runtimeId", equalTo("pod-1"))
                .body("generation", equalTo(generation))
                .body("acknowledgedAt", notNullValue())
                .body("eventsPropagated", equalTo(0));
        // the generation 5.0 is 5, as for every Int of the API
        runtime().body("{\"generation\": " + generation + ".0, \"runtimeId\": \"pod-2\"}")
                .post(path(agent)).then().statusCode(200).body("generation", equalTo(generation));
        execute("deployment", Map.of("agent", agent, "environment", ENV)).body("data.deployment.generation",
                equalTo(generation));
        // each recorded acknowledgement is timed from its arrival to its batch's commit (other tests may add more)
        assertThat(recordedCount()).isGreaterThanOrEqualTo(timedBefore + 2);
    }

    private static double recordedCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("tightrope_acknowledgements_recorded_seconds_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void everyBrokenRuleIsNamedAndNothingIsRecorded() {
        String agent = Fixtures.agentWithVersions("http-ack-bad", 1);
        int generation = change("deploy", agent, Map.of("version", 1));
        refused(agent, "{\"generation\": \"1\", \"runtimeId\": 7, \"extra\": true}")
                .body("errors[0].extensions.violations.path", hasItems("generation", "runtimeId", "extra"));
        refused(agent, "{}").body("errors[0].extensions.violations.path", hasItems("generation", "runtimeId"));
        refused(agent, "{\"generation\": 1.5, \"runtimeId\": \"pod\"}")
                .body("errors[0].message", containsString("whole number"));
        refused(agent, "{\"generation\": " + (generation + 1) + ", \"runtimeId\": \"pod\"}")
                .body("errors[0].message", containsString("between 1 and the deployment's generation"));
        refused(agent, "{\"generation\": 0, \"runtimeId\": \"pod\"}");
        refused(agent, "{\"generation\": 1, \"runtimeId\": \"" + "r".repeat(201) + "\"}")
                .body("errors[0].extensions.violations[0].path", equalTo("runtimeId"));
        refused(agent, "{\"generation\": 1, \"runtimeId\": \"\"}");
        refused(agent, "{\"generation\": 1, \"runtimeId\": \"a\\u0000b\"}");
        refused(agent, "{\"generation\": 1, \"generation\": 2, \"runtimeId\": \"pod\"}")
                .body("errors[0].message", containsString("appears twice"));
        refused(agent, "[1]").body("errors[0].message", containsString("JSON object"));
        refused(agent, "not json").body("errors[0].message", containsString("not valid JSON"));
        runtime().body("{\"generation\": 1, \"runtimeId\": \"pod\"}").post("/api/v1/agents/Bad_Slug/environments/"
                + ENV + "/acknowledgements").then().statusCode(400)
                .body("errors[0].extensions.violations[0].path", equalTo("agent"));
    }

    @Test
    void refusalsOfTheRequestItself() {
        String agent = Fixtures.agentWithVersions("http-ack-req", 1);
        change("deploy", agent, Map.of("version", 1));
        String body = "{\"generation\": 1, \"runtimeId\": \"pod\"}";
        given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("text/plain")
                .body(body.getBytes(StandardCharsets.UTF_8)).post(path(agent)).then().statusCode(415)
                .body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        runtime().header("Content-Encoding", "gzip").body(body).post(path(agent)).then().statusCode(415)
                .body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("errors[0].message", equalTo("Content-Encoding gzip is not read by POST " + path(agent)
                        + ": send the body as it is."));
        given().contentType("application/json").body(body).post(path(agent)).then().statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        for (String token : new String[] {Tokens.of(Role.VIEWER), Tokens.admin()}) {
            given().header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                    .post(path(agent)).then().statusCode(403)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
        runtime().body(body).post(path(Fixtures.agentWithVersions("http-ack-none", 1))).then().statusCode(404)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        runtime().get(path(agent)).then().statusCode(405).header("Allow", "POST")
                .body("errors[0].extensions.code", equalTo("METHOD_NOT_ALLOWED"));
    }

    private static io.restassured.response.ValidatableResponse refused(String agent, String body) {
        return runtime().body(body.getBytes(StandardCharsets.UTF_8)).post(path(agent)).then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    private static RequestSpecification runtime() {
        return given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("application/json");
    }

    private static String path(String agent) {
        return "/api/v1/agents/" + agent + "/environments/" + ENV + "/acknowledgements";
    }
}
