package dev.tightrope.access.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static dev.tightrope.testing.GraphQLClient.request;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Tokens limited to some agents and environments: a RUNTIME token for one deployment routes, streams, acknowledges
 * and reports for that one only, over GraphQL and plain HTTP, and every refusal names its scope; an OPERATOR
 * limited to staging cannot touch production; a token only hands on its own scope.
 */
@QuarkusTest
class ScopedTokensTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    private String mine;
    private String other;
    private String runtime;

    @BeforeEach
    void deployments() {
        mine = Fixtures.deployedWithCanary("scoped-mine");
        other = Fixtures.deployedWithCanary("scoped-other");
        for (String agent : List.of(mine, other)) {
            execute("deploy", Map.of("agent", agent, "environment", "staging", "version", 1))
                    .body("errors", nullValue());
        }
        runtime = scoped("RUNTIME", List.of(mine), List.of("production")).getString("data.createApiToken.secret");
    }

    @Test
    void aRuntimeTokenRoutesItsOwnDeploymentOnly() {
        executeAs(runtime, "route", Map.of("agent", mine, "environment", "production"))
                .statusCode(200).body("errors", nullValue()).body("data.route.version", org.hamcrest.Matchers.notNullValue());
        for (Map<String, Object> outside : List.<Map<String, Object>>of(
                Map.of("agent", other, "environment", "production"), Map.of("agent", mine, "environment", "staging"))) {
            JsonPath refused = executeAs(runtime, "route", outside).statusCode(200).extract().jsonPath();
            assertThat(refused.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
            assertThat(refused.getString("errors[0].message")).contains("is limited to agents " + mine
                    + " and environments production");
            assertThat(refused.getList("errors[0].extensions.agents")).containsExactly(mine);
            assertThat(refused.getList("errors[0].extensions.environments")).containsExactly("production");
            assertThat(refused.getString("data.route")).isNull();
        }
        // the same refusal when the document is not one the fast path takes (answered by the engine)
        Response engine = request(runtime).body(Map.of("query", "query { route(agent: \"" + other
                + "\", environment: \"production\") { version ... on RouteDecision { arm } } }")).post("/graphql");
        assertThat(engine.jsonPath().getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    }

    @Test
    void aRuntimeTokenAcknowledgesAndReportsForItsOwnDeploymentOnly() {
        executeAs(runtime, "acknowledgeConfig", Map.of("agent", mine, "environment", "production",
                "generation", 2, "runtimeId", "scoped-1")).statusCode(200).body("errors", nullValue());
        executeAs(runtime, "acknowledgeConfig", Map.of("agent", other, "environment", "production",
                "generation", 2, "runtimeId", "scoped-1")).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));

        Map<String, Object> ours = outcome(mine);
        Map<String, Object> theirs = outcome(other);
        JsonPath report = executeAs(runtime, "reportOutcomes", Map.of("outcomes", List.of(ours, theirs)))
                .statusCode(200).body("errors", nullValue()).extract().jsonPath();
        assertThat(report.getInt("data.reportOutcomes.accepted")).isEqualTo(1);
        assertThat(report.getList("data.reportOutcomes.rejected.index")).containsExactly(1);
        assertThat(report.getList("data.reportOutcomes.rejected.code")).containsExactly("FORBIDDEN");
        assertThat(report.getString("data.reportOutcomes.rejected[0].message")).contains("limited to agents " + mine);
    }

    @Test
    void theRuntimeHttpApiKeepsToTheScopeToo() throws Exception {
        String path = "/api/v1/agents/%s/environments/%s/";
        given().header("Authorization", "Bearer " + runtime).get(path.formatted(mine, "production") + "config")
                .then().statusCode(200);
        Response refused = given().header("Authorization", "Bearer " + runtime)
                .get(path.formatted(other, "production") + "config");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(refused.jsonPath().getString("errors[0].message")).contains("limited to agents " + mine);
        given().header("Authorization", "Bearer " + runtime).contentType("application/json")
                .body(Map.of("generation", 2, "runtimeId", "scoped-http"))
                .post(path.formatted(mine, "staging") + "acknowledgements").then().statusCode(403);
        try (SseClient stream = SseClient.open(base.resolve(path.formatted(other, "production") + "config/stream"),
                runtime, Map.of())) {
            assertThat(stream.status()).isEqualTo(403);
        }
        try (SseClient stream = SseClient.open(base.resolve(path.formatted(mine, "production") + "config/stream"),
                runtime, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
        }

        String lines = new JsonObject(outcome(mine)).encode() + "\n" + new JsonObject(outcome(other)).encode() + "\n";
        JsonPath answer = given().header("Authorization", "Bearer " + runtime).contentType("application/x-ndjson")
                .body(lines.getBytes(StandardCharsets.UTF_8)).post("/api/v1/outcomes")
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getInt("accepted")).isEqualTo(1);
        assertThat(answer.getList("rejected.line")).containsExactly(2);
        assertThat(answer.getList("rejected.code")).containsExactly("FORBIDDEN");
    }

    @Test
    void aRuntimeTokenSubscribesToItsOwnDeploymentOnly() throws Exception {
        String document = dev.tightrope.testing.GraphQLClient.load("configChanged");
        try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, runtime)) {
            socket.subscribeText(document, Map.of("agent", mine, "environment", "production", "runtimeId", "s-1"));
            assertThat(socket.next(Duration.ofSeconds(10)).getString("type")).isEqualTo("next");
            socket.subscribeText(document, Map.of("agent", other, "environment", "production", "runtimeId", "s-1"));
            JsonObject refused = socket.next(Duration.ofSeconds(10));
            assertThat(refused.getString("type")).isEqualTo("error");
            assertThat(refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions")
                    .getString("code")).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void anOperatorLimitedToStagingCannotRollBackProduction() {
        execute("deploy", Map.of("agent", mine, "environment", "staging", "version", 2)).body("errors", nullValue());
        String operator = scoped("OPERATOR", null, List.of("staging")).getString("data.createApiToken.secret");
        JsonPath refused = executeAs(operator, "rollback", Map.of("agent", mine, "environment", "production"))
                .statusCode(200).extract().jsonPath();
        assertThat(refused.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(refused.getString("errors[0].message")).contains("limited to every agent and environments staging");
        executeAs(operator, "rollback", Map.of("agent", mine, "environment", "staging")).statusCode(200)
                .body("errors", nullValue()).body("data.rollback.toVersion", equalTo(1));
        // an operation about every environment of an agent is outside a scope limited to one
        executeAs(operator, "createRule", Map.of("agent", mine, "expression", "IF error_rate > 50% THEN alert"))
                .statusCode(200).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        // reads are not limited
        executeAs(operator, "deployment", Map.of("agent", mine, "environment", "production")).statusCode(200)
                .body("errors", nullValue());
        execute("deployment", Map.of("agent", mine, "environment", "production"))
                .body("data.deployment.rollout.weight", equalTo(10));
    }

    @Test
    void aTokenHandsOnOnlyItsOwnScopeAndListsShowScopes() {
        String admin = scoped("ADMIN", List.of("scoped-*"), null).getString("data.createApiToken.secret");
        JsonPath narrower = executeAs(admin, "createScopedApiToken", Map.of("name", Fixtures.uniqueSlug("narrow"),
                "role", "VIEWER", "agents", List.of(mine), "environments", List.of("production")))
                .statusCode(200).body("errors", nullValue()).extract().jsonPath();
        assertThat(narrower.getList("data.createApiToken.token.agents")).containsExactly(mine);
        Map<String, Object> wider = new HashMap<>(Map.of("name", Fixtures.uniqueSlug("wider"), "role", "VIEWER"));
        wider.put("agents", null);
        executeAs(admin, "createScopedApiToken", wider).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("within your own scope"));
        executeAs(admin, "createScopedApiToken", Map.of("name", Fixtures.uniqueSlug("bad"), "role", "VIEWER",
                "agents", List.of("Not A Slug"))).statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"));

        String id = narrower.getString("data.createApiToken.token.id");
        JsonPath tokens = execute("apiTokensScopes", Map.of()).body("errors", nullValue()).extract().jsonPath();
        List<Map<String, Object>> all = tokens.getList("data.apiTokens");
        Map<String, Object> listed = all.stream().filter(t -> id.equals(t.get("id"))).findFirst().orElseThrow();
        assertThat(listed).containsEntry("agents", List.of(mine)).containsEntry("environments", List.of("production"));
        Map<String, Object> bootstrap = all.stream().filter(t -> "bootstrap-admin".equals(t.get("name"))).findFirst()
                .orElseThrow();
        assertThat(bootstrap).containsEntry("agents", List.of()).containsEntry("environments", List.of());
        executeAs(runtime, "viewer", Map.of()).statusCode(200).body("errors[0].extensions.code",
                equalTo("FORBIDDEN"));
        executeAs(narrower.getString("data.createApiToken.secret"), "viewerScopes", Map.of()).statusCode(200)
                .body("data.viewer.agents", contains(mine)).body("data.viewer.environments", contains("production"));
    }

    private static JsonPath scoped(String role, List<String> agents, List<String> environments) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("name", Fixtures.uniqueSlug("scoped-" + role.toLowerCase()));
        variables.put("role", role);
        variables.put("agents", agents);
        variables.put("environments", environments);
        return execute("createScopedApiToken", variables).body("errors", nullValue()).extract().jsonPath();
    }

    private static Map<String, Object> outcome(String agent) {
        return Map.of("agent", agent, "environment", "production", "version", 1, "arm", "STABLE",
                "occurredAt", Instant.now().toString(), "status", "SUCCESS", "latencyMs", 1200.0);
    }
}
