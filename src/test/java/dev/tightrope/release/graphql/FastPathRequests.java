package dev.tightrope.release.graphql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tightrope.testing.GraphQLClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** GraphQL requests over HTTP as the fast-path tests send them, and the counters that say which path answered. */
final class FastPathRequests {

    private FastPathRequests() {
    }

    /** The JSON bodies of one request answered by the fast path and by the engine. */
    record Answers(Map<String, Object> fast, Map<String, Object> engine) {
    }

    /**
     * Sends {@code template} twice with this token: with {@code %s} left empty (the fast path's shape) and with
     * {@code @include(if: true)} there (the same request, which only the engine takes). Asserts that the fast path's
     * counter moved for the first only, that both answered 200 with the same content type, and that the engine's
     * answer is not an error; returns both bodies for the caller to compare.
     */
    static Answers fastAndEngine(String token, String template, Map<String, Object> variables, String operationName,
            String counter) {
        double before = counter(counter);
        Response fast = post(token, template.formatted(""), variables, operationName);
        assertThat(counter(counter)).as("answered by the fast path").isEqualTo(before + 1);
        Response engine = post(token, template.formatted("@include(if: true)"), variables, operationName);
        assertThat(counter(counter)).as("answered by the engine").isEqualTo(before + 1);

        assertThat(fast.statusCode()).isEqualTo(engine.statusCode()).isEqualTo(200);
        assertThat(fast.contentType()).isEqualTo(engine.contentType());
        Map<String, Object> engineBody = new JsonPath(engine.asString()).getMap("");
        assertThat(engineBody).doesNotContainKey("errors");
        return new Answers(new JsonPath(fast.asString()).getMap(""), engineBody);
    }

    /** {@code POST /graphql} with this bearer token (none when null). */
    static Response post(String token, String query, Map<String, Object> variables, String operationName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        if (operationName != null) {
            body.put("operationName", operationName);
        }
        return GraphQLClient.request(token).body(body).when().post("/graphql");
    }

    /** The value of a counter on {@code /q/metrics} (its Prometheus name, with {@code _total}); 0 before it exists. */
    static double counter(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
