package dev.tightrope.runtime.http;

import static dev.tightrope.runtime.http.RuntimeTraffic.ENV;
import static dev.tightrope.runtime.http.RuntimeTraffic.change;
import static dev.tightrope.runtime.http.RuntimeTraffic.configPath;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tightrope.access.domain.Role;
import dev.tightrope.release.graphql.RoutingConfigText;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET …/config} over real HTTP: the very configuration {@code configChanged} delivers, its generation as a
 * strong ETag and 304 for a matching If-None-Match, and the coded refusals (no token, wrong role, bad slugs,
 * nothing deployed).
 */
@QuarkusTest
class ConfigRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void answersTheSubscriptionsConfigurationWithItsGenerationAsETag() throws Exception {
        String agent = Fixtures.agentWithVersions("http-config", 2);
        change("deploy", agent, Map.of("version", 1));
        int generation = change("startRollout", agent, Map.of("version", 2, "weight", 25));

        Response response = runtime().get(configPath(agent));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo("\"" + generation + "\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.contentType()).startsWith("application/json");
        String body = response.asString();

        // the subscription with every field, over a real WebSocket: its data.configChanged is this very text
        try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.RUNTIME))) {
            socket.subscribeText("1", RoutingConfigText.DOCUMENT, Map.of("agent", agent, "environment", ENV));
            String message = socket.nextText(WAIT);
            assertThat(message).contains("\"configChanged\":" + body + "}}");
        }
        JsonObject config = new JsonObject(body);
        assertThat(config.getInteger("generation")).isEqualTo(generation);
        assertThat(config.getInteger("weight")).isEqualTo(25);
        assertThat(config.getJsonObject("stable").getInteger("version")).isEqualTo(1);
        assertThat(config.getJsonObject("canary").getInteger("version")).isEqualTo(2);
        assertThat(config.getString("salt")).hasSize(16);
    }

    @Test
    void aMatchingIfNoneMatchAnswers304UntilTheGenerationMoves() {
        String agent = Fixtures.agentWithVersions("http-etag", 2);
        int first = change("deploy", agent, Map.of("version", 1));
        String etag = "\"" + first + "\"";

        for (String header : new String[] {etag, "W/" + etag, "\"999\", " + etag, "*"}) {
            Response notModified = runtime().header("If-None-Match", header).get(configPath(agent));
            assertThat(notModified.statusCode()).as(header).isEqualTo(304);
            assertThat(notModified.header("ETag")).isEqualTo(etag);
            assertThat(notModified.asString()).isEmpty();
        }
        runtime().header("If-None-Match", "\"" + (first + 7) + "\"").get(configPath(agent)).then().statusCode(200);

        int next = change("deploy", agent, Map.of("version", 2));
        await().atMost(WAIT).until(() -> runtime().header("If-None-Match", etag).get(configPath(agent))
                .statusCode() == 200);
        runtime().header("If-None-Match", etag).get(configPath(agent)).then()
                .header("ETag", "\"" + next + "\"")
                .body("generation", equalTo(next))
                .body("stable.version", equalTo(2))
                .body("canary", nullValue());
    }

    @Test
    void adminsMayReadItButNotPeopleOfOtherRoles() {
        String agent = Fixtures.agentWithVersions("http-roles", 1);
        change("deploy", agent, Map.of("version", 1));
        given().header("Authorization", "Bearer " + Tokens.admin()).get(configPath(agent)).then().statusCode(200);
        for (Role role : new Role[] {Role.VIEWER, Role.OPERATOR}) {
            given().header("Authorization", "Bearer " + Tokens.of(role)).get(configPath(agent)).then()
                    .statusCode(403)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                    .body("errors[0].extensions.role", equalTo(role.name()))
                    .body("errors[0].message", containsString("RUNTIME or ADMIN"));
        }
        given().get(configPath(agent)).then().statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer tr_not-a-token").get(configPath(agent)).then().statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Support-Bot", "a", "-leading", "sp%20ace", "%C3%A9t%C3%A9",
            "x123456789012345678901234567890123456789012345678901234567890123"})
    void badSlugsAreRefusedWithTheSlugRule(String slug) {
        runtime().urlEncodingEnabled(false).get("/api/v1/agents/" + slug + "/environments/" + ENV + "/config")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations[0].path", equalTo("agent"))
                .body("errors[0].message", containsString("not a valid slug"));
        runtime().urlEncodingEnabled(false).get("/api/v1/agents/fine-agent/environments/" + slug + "/config")
                .then().statusCode(400)
                .body("errors[0].extensions.violations[0].path", equalTo("environment"));
    }

    @Test
    void nothingDeployedIsNotFound() {
        String agent = Fixtures.agentWithVersions("http-undeployed", 1);
        runtime().get(configPath(agent)).then().statusCode(404)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", containsString("nothing deployed"));
        runtime().get(configPath("no-such-agent-anywhere")).then().statusCode(404)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        runtime().put(configPath(agent)).then().statusCode(405).header("Allow", "GET, HEAD")
                .body("errors[0].extensions.code", equalTo("METHOD_NOT_ALLOWED"));
        runtime().head(configPath(agent)).then().statusCode(404);
    }

    /** HEAD answers as GET does, without the body (RFC 9110): health checkers and caches probe with it. */
    @Test
    void headAnswersLikeGetWithoutTheBody() throws Exception {
        String agent = Fixtures.agentWithVersions("http-head", 1);
        int generation = change("deploy", agent, Map.of("version", 1));
        Response head = runtime().head(configPath(agent));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("ETag")).isEqualTo("\"" + generation + "\"");
        assertThat(head.asByteArray()).isEmpty();
        runtime().header("If-None-Match", "\"" + generation + "\"").head(configPath(agent)).then().statusCode(304);
        Response stream = runtime().head(configPath(agent) + "/stream");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.asByteArray()).isEmpty();
        given().head(configPath(agent)).then().statusCode(401);
    }

    private static io.restassured.specification.RequestSpecification runtime() {
        return given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME));
    }
}
