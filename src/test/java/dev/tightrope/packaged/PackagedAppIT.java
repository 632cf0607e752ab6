package dev.tightrope.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * The packaged application — the JVM jar of {@code mvn verify}, or the native binary when built with
 * {@code -Dnative} — started as a process in its production profile against a real PostgreSQL, and driven over
 * HTTP only: what runs in a container has to work, including what only breaks in a packaged or native build
 * (reflection, resources, the dashboard's files, serialisation of every answer).
 *
 * <p>With {@code -Daot} this run is also the training run of the JDK's AOT cache (README, "Faster start-up"): what
 * it runs often is what a started instance finds profiled. So the last test changes traffic and routes in a loop,
 * the path a rollback right after start-up takes.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedAppIT {

    private static final String AGENT = "packaged-it";
    private static final String ENV = "production";
    /** The agent of the traffic loop, and how many rollouts and rollbacks it goes through. */
    private static final String CYCLED = "packaged-it-cycled";
    private static final int CYCLES = 40;
    private static String runtimeToken;

    @Test
    @Order(1)
    void healthMetricsAndTheDashboardAreServedWithoutAToken() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("tightrope_route_requests_total"));
        given().get("/").then().statusCode(200).contentType(containsString("text/html"));
        given().contentType("application/json").body(Map.of("query", "{ agents { edges { cursor } } }"))
                .post("/graphql").then().statusCode(401); // the API itself needs a token
    }

    @Test
    @Order(2)
    void anAgentIsVersionedDeployedRoutedAndRolledBack() {
        createAgentWithTwoVersions(AGENT, "Packaged IT");
        graphql(traffic("deploy", "version: 1"), Map.of());
        graphql(traffic("startRollout", "version: 2, weight: 50"), Map.of());
        JsonPath route = graphql("query { route(agent: \"" + AGENT + "\", environment: \"" + ENV
                + "\", routingKey: \"customer-1\") { version arm generation prompt } }", Map.of());
        assertThat(route.getInt("data.route.generation")).isEqualTo(2);
        assertThat(route.getString("data.route.arm")).isIn("STABLE", "CANARY");
        JsonPath rolledBack = graphql(traffic("rollback", "reason: \"packaged test\""), Map.of());
        assertThat(rolledBack.getInt("data.rollback.toVersion")).isEqualTo(1);
        JsonPath history = graphql("query { deployment(agent: \"" + AGENT + "\", environment: \"" + ENV + "\") { "
                + "stableVersion events(first: 5) { edges { node { type trigger } } } } }", Map.of());
        assertThat(history.getList("data.deployment.events.edges.node.type"))
                .containsExactly("ROLLED_BACK", "ROLLOUT_STARTED", "DEPLOYED");
    }

    @Test
    @Order(3)
    void aRuntimeReadsAndStreamsItsConfigurationAndReportsOutcomes() throws Exception {
        runtimeToken = graphql("mutation { createApiToken(name: \"packaged-runtime\", role: RUNTIME) { secret } }",
                Map.of()).getString("data.createApiToken.secret");
        String path = "/api/v1/agents/" + AGENT + "/environments/" + ENV;
        given().header("Authorization", "Bearer " + runtimeToken).get(path + "/config").then().statusCode(200)
                .header("ETag", equalTo("\"3\"")).body("stable.version", equalTo(1));

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest stream = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path
                        + "/config/stream?runtimeId=packaged-rt"))
                .header("Authorization", "Bearer " + runtimeToken).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<java.util.stream.Stream<String>> response = http.sendAsync(stream,
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        String event = response.body().filter(line -> line.startsWith("id: ")).findFirst().orElseThrow();
        assertThat(event).isEqualTo("id: 3");

        given().header("Authorization", "Bearer " + runtimeToken).contentType("application/json")
                .body(Map.of("generation", 3, "runtimeId", "packaged-rt")).post(path + "/acknowledgements")
                .then().statusCode(200).body("generation", equalTo(3));
        String line = "{\"agent\":\"" + AGENT + "\",\"environment\":\"" + ENV + "\",\"version\":1,\"arm\":\"STABLE\","
                + "\"occurredAt\":\"" + java.time.Instant.now() + "\",\"status\":\"SUCCESS\",\"latencyMs\":420}";
        given().header("Authorization", "Bearer " + runtimeToken).contentType("application/x-ndjson")
                .body((line + "\n" + line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/outcomes").then().statusCode(200)
                .body("accepted", equalTo(2));
    }

    @Test
    @Order(4)
    void openTelemetrySpansBecomeOutcomes() {
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[{
                  "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"invoke_agent %s",
                  "kind":1,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","status":{"code":1},
                  "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},
                    {"key":"tightrope.agent","value":{"stringValue":"%s"}},
                    {"key":"tightrope.environment","value":{"stringValue":"%s"}},
                    {"key":"tightrope.version","value":{"intValue":"1"}},
                    {"key":"tightrope.arm","value":{"stringValue":"STABLE"}},
                    {"key":"gen_ai.usage.input_tokens","value":{"intValue":"120"}}]}]}]}]}
                """.formatted(AGENT, now - 300_000_000L, now, AGENT, ENV);
        given().header("Authorization", "Bearer " + runtimeToken).contentType("application/json").body(body)
                .post("/v1/traces").then().statusCode(200).body("partialSuccess.rejectedSpans", nullValue());
    }

    @Test
    @Order(5)
    void aDrillRehearsesTheRollbackAndBadInputGetsACode() {
        JsonPath drill = graphql("mutation { runRollbackDrill(agent: \"" + AGENT + "\", environment: \"" + ENV
                + "\", mode: DRY_RUN) { passed failureReason } }", Map.of());
        assertThat(drill.getBoolean("data.runRollbackDrill.passed")).isFalse(); // version 1 has nothing before it
        assertThat(drill.getString("data.runRollbackDrill.failureReason")).startsWith("The rollback would be refused");
        post("mutation($input: CreateAgentInput!) { createAgent(input: $input) { slug } }",
                Map.of("input", Map.of("slug", "Not A Slug", "name", "x", "description", "")))
                .statusCode(200).body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    @Order(6)
    void trafficChangesInARowAreEachOneGenerationAndRouteFollowsEveryOne() {
        createAgentWithTwoVersions(CYCLED, "Packaged IT, cycled");
        int generation = graphql(traffic(CYCLED, "deploy", "version: 1"), Map.of()).getInt("data.deploy.generation");
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            JsonPath started = graphql(traffic(CYCLED, "startRollout", "version: 2, weight: 100"), Map.of());
            assertThat(started.getInt("data.startRollout.generation")).isEqualTo(++generation);
            assertThat(routedVersion()).isEqualTo(2);
            JsonPath rolledBack = graphql(traffic(CYCLED, "rollback", "reason: \"cycle " + cycle + "\""), Map.of());
            assertThat(rolledBack.getInt("data.rollback.generation")).isEqualTo(++generation);
            assertThat(rolledBack.getInt("data.rollback.toVersion")).isEqualTo(1);
            assertThat(routedVersion()).isEqualTo(1);
        }
        JsonPath deployment = graphql("query { deployment(agent: \"" + CYCLED + "\", environment: \"" + ENV
                + "\") { generation stableVersion } }", Map.of());
        assertThat(deployment.getInt("data.deployment.generation")).isEqualTo(generation);
        assertThat(deployment.getInt("data.deployment.stableVersion")).isEqualTo(1);
    }

    private static int routedVersion() {
        return graphql("query { route(agent: \"" + CYCLED + "\", environment: \"" + ENV
                + "\", routingKey: \"customer-7\") { version } }", Map.of()).getInt("data.route.version");
    }

    private static void createAgentWithTwoVersions(String slug, String name) {
        graphql("mutation($input: CreateAgentInput!) { createAgent(input: $input) { slug } }",
                Map.of("input", Map.of("slug", slug, "name", name, "description", "")));
        for (int v = 1; v <= 2; v++) {
            graphql("mutation($input: CreateVersionInput!) { createVersion(input: $input) { number } }",
                    Map.of("input", version(slug, v)));
        }
    }

    private static Map<String, Object> version(String agent, int number) {
        Map<String, Object> prompt = Map.of("system", "You are the packaged test agent, version " + number + ".");
        if (number > 1) {
            return Map.of("agent", agent, "message", "version " + number, "prompt", prompt);
        }
        return Map.of("agent", agent, "message", "first", "prompt", prompt,
                "model", Map.of("provider", "openai", "modelId", "gpt-4o"),
                "tools", Map.of("tools", List.of()), "guardrails", Map.of(),
                "knowledgeBase", Map.of("indexId", "kb", "indexedAt", "2026-11-01T10:00:00Z",
                        "embeddingModel", "text-embedding-3-small", "documentCount", 10));
    }

    private static String traffic(String mutation, String arguments) {
        return traffic(AGENT, mutation, arguments);
    }

    private static String traffic(String agent, String mutation, String arguments) {
        return "mutation { " + mutation + "(agent: \"" + agent + "\", environment: \"" + ENV + "\", " + arguments
                + ") { generation fromVersion toVersion } }";
    }

    private static JsonPath graphql(String query, Map<String, Object> variables) {
        return post(query, variables).statusCode(200).body("errors", nullValue()).extract().jsonPath();
    }

    private static ValidatableResponse post(String query, Map<String, Object> variables) {
        return given().header("Authorization", "Bearer " + PackagedAppResource.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("query", query, "variables", variables))
                .post("/graphql").then();
    }
}
