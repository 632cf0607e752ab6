package dev.tightrope.release.graphql;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tightrope.testing.GraphQLClient;
import io.restassured.response.Response;

/** GraphQL requests over HTTP as the fast-path tests send them, and the counters that say which path answered. */
final class FastPathRequests {

    private FastPathRequests() {
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
