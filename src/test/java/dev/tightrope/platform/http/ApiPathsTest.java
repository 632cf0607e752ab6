package dev.tightrope.platform.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A path of the API that does not exist, or an existing one called with another method, answers with the project's
 * error shape and code, so that a runtime with a mistake in its URL can tell what went wrong.
 */
@QuarkusTest
class ApiPathsTest {

    @Test
    void anUnknownPathBelowTheApiIsNotFoundWithACode() {
        for (String path : new String[] {"/api/v1/nope", "/api/v1/agents/support-bot/environments/production/confg",
                "/api", "/v1/metrics", "/graphql/nope"}) {
            given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).accept("text/html")
                    .get(path).then().statusCode(404).contentType(containsString("application/json"))
                    .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                    .body("errors[0].message", containsString("GET " + path));
        }
        given().header("Authorization", "Bearer " + Tokens.of(Role.ADMIN)).contentType("application/json")
                .body("{}").post("/api/v2/outcomes").then().statusCode(404)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void theOutcomesEndpointRefusesOtherMethodsWithAllow() {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).request(method, "/api/v1/outcomes")
                    .then().statusCode(405).header("Allow", "POST")
                    .body("errors[0].extensions.code", equalTo("METHOD_NOT_ALLOWED"));
        }
    }

    @Test
    void pathsOutsideTheApiKeepTheirOwnAnswers() {
        // the dashboard's deep links still get the app; Quarkus' own paths are not the API's to answer
        given().accept("text/html").get("/agents/support-bot").then().statusCode(200)
                .body(containsString("<div id=\"app\">"));
        given().get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", "Bearer " + Tokens.of(Role.ADMIN)).get("/q/no-such-thing").then()
                .statusCode(404).body(not(containsString("NOT_FOUND")));
    }
}
