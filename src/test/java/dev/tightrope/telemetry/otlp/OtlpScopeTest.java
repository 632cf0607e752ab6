package dev.tightrope.telemetry.otlp;

import static dev.tightrope.testing.GraphQLClient.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/traces} with a token limited to one deployment: spans of any other are refused one by one. */
@QuarkusTest
class OtlpScopeTest {

    @Test
    void spansOfDeploymentsOutsideTheTokensScopeAreRefusedOneByOne() {
        String mine = Fixtures.deployedWithCanary("otlp-scope-mine");
        String other = Fixtures.deployedWithCanary("otlp-scope-other");
        String token = execute("createScopedApiToken", Map.of("name", Fixtures.uniqueSlug("otlp-scoped"),
                "role", "RUNTIME", "agents", List.of(mine), "environments", List.of("production")))
                .body("errors", nullValue()).extract().path("data.createApiToken.secret");
        Instant end = Instant.now().minusSeconds(5);
        JsonObject export = new JsonObject(OtlpTraceRouteTest.jsonExportOf(mine, traceId(), end));
        JsonObject theirs = new JsonObject(OtlpTraceRouteTest.jsonExportOf(other, traceId(), end));
        JsonArray resources = export.getJsonArray("resourceSpans").copy();
        resources.addAll(theirs.getJsonArray("resourceSpans"));
        export.put("resourceSpans", resources);

        Response response = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(export.encode()).post(OtlpTraceRoute.PATH);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("partialSuccess.rejectedSpans")).isEqualTo("1");
        assertThat(response.jsonPath().getString("partialSuccess.errorMessage"))
                .contains("1 of 2 agent spans were refused").contains("FORBIDDEN")
                .contains("limited to agents " + mine);
    }

    private static String traceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
