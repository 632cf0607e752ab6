package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The route() fast path answers exactly what the GraphQL engine answers. Each request is sent twice: as written
 * (the fast path takes it) and with {@code @include(if: true)} on the route field, which means the same but is a
 * shape the fast path leaves to the engine. A counter shows which path answered.
 */
@QuarkusTest
class RouteFastPathTest {

    private static final String ENV = "production";
    private static final String COUNTER = "tightrope_graphql_route_fast_path_total";
    private static final String ALL_FIELDS = "version arm generation rolloutId snapshotHash prompt model tools "
            + "guardrails knowledgeBase disabledTools __typename";
    private static String agent;

    @BeforeEach
    void deployWithCanaryOnce() {
        if (agent != null) {
            return;
        }
        agent = Fixtures.createAgent("fast");
        Fixtures.createFirstVersion(agent, "Say \"hello\" \\ then\nwait\ttab ü 😀 \u0001 </script>");
        execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", Fixtures.prompt("version 2"))))
                .body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 50))
                .body("errors", nullValue());
    }

    @Test
    void everyFieldWithVariablesAnswersLikeTheEngine() {
        for (String key : List.of("user-1", "user-2", "user-3", "user-4", "user-5", "user-6")) {
            assertSameAnswer("query R($a: String!, $e: String!, $k: String) { route(agent: $a, environment: $e, "
                    + "routingKey: $k) %s { " + ALL_FIELDS + " } }", Map.of("a", agent, "e", ENV, "k", key), "R");
        }
    }

    @Test
    void aliasesLiteralsAndNullKeysAnswerLikeTheEngine() {
        assertSameAnswer("{ r: route(agent: \"" + agent + "\", environment: \"" + ENV + "\", routingKey: \"k-9\") %s "
                + "{ v: version which: arm hash: snapshotHash prompt } }", Map.of(), null);
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put("a", agent);
        nullKey.put("k", null);
        String stable = "query($a: String!, $k: String) { route(agent: $a, environment: \"production\", "
                + "routingKey: $k) %s { rolloutId generation disabledTools } }";
        assertSameAnswer(stable, nullKey, null);
    }

    @Test
    void errorsAndUnusualRequestsAreLeftToTheEngine() {
        String query = "query R($a: String!, $k: String) { route(agent: $a, environment: \"production\", "
                + "routingKey: $k) { version } }";
        double before = fastPathCount();

        Response unknownAgent = post(query, Map.of("a", "no-such-agent"), null);
        assertThat(unknownAgent.jsonPath().getString("errors[0].extensions.code")).isEqualTo("NOT_FOUND");
        Response notASlug = post(query, Map.of("a", "Not A Slug"), null);
        assertThat(notASlug.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");
        assertThat(notASlug.jsonPath().getString("errors[0].message")).contains("agent");
        Response numberAsKey = post(query, Map.of("a", agent, "k", 42), null);
        assertThat(numberAsKey.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");
        Response missingAgent = post(query, Map.of(), null);
        assertThat(missingAgent.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");
        Response otherOperation = post(query, Map.of("a", agent), "Other");
        assertThat(otherOperation.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");
        Response unknownField = post("{ route(agent: \"" + agent + "\", environment: \"production\") { colour } }",
                Map.of(), null);
        assertThat(unknownField.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");

        assertThat(fastPathCount()).isEqualTo(before);
    }

    @Test
    void malformedInputIsRefusedBeforeEitherPathWithTheSameContract() {
        String query = "query R($a: String!, $k: String) { route(agent: $a, environment: \"production\", "
                + "routingKey: $k) { version } }";
        double before = fastPathCount();

        Response nulKey = post(query, Map.of("a", agent, "k", "user\u0000"), null);
        assertThat(nulKey.statusCode()).isEqualTo(200);
        assertThat(nulKey.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");
        assertThat(nulKey.jsonPath().getString("errors[0].message")).contains("variables.k must not contain");
        Response nulLiteral = post("{ route(agent: \"" + agent + "\", environment: \"production\", "
                + "routingKey: \"a\\u0000\") { version } }", Map.of(), null);
        assertThat(nulLiteral.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");
        Response stringVariables = GraphQLClient.request(Tokens.of(Role.RUNTIME))
                .body("{\"query\": " + new io.vertx.core.json.JsonArray().add(query).encode().substring(1)
                        .replaceAll("]$", "") + ", \"variables\": \"{}\"}")
                .when().post("/graphql");
        assertThat(stringVariables.statusCode()).isEqualTo(400);
        assertThat(stringVariables.jsonPath().getString("errors[0].extensions.code")).isEqualTo("VALIDATION");
        Response duplicateKey = GraphQLClient.request(Tokens.of(Role.RUNTIME))
                .body("{\"query\": " + new io.vertx.core.json.JsonArray().add(query).encode().substring(1)
                        .replaceAll("]$", "") + ", \"variables\": {\"a\": \"" + agent + "\", \"a\": \"x\"}}")
                .when().post("/graphql");
        assertThat(duplicateKey.statusCode()).isEqualTo(400);
        assertThat(duplicateKey.jsonPath().getString("errors[0].message")).contains("The key 'a' appears twice");

        assertThat(fastPathCount()).isEqualTo(before);
    }

    @Test
    void accessControlIsTheEngines() {
        String query = "query R($a: String!) { route(agent: $a, environment: \"production\") { version arm } }";
        double before = fastPathCount();

        Response anonymous = post(null, query, Map.of("a", agent), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.jsonPath().getString("errors[0].extensions.code")).isEqualTo("UNAUTHENTICATED");
        Response invalid = post("tr_not-a-real-token", query, Map.of("a", agent), null);
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(fastPathCount()).isEqualTo(before);

        for (Role role : Role.values()) {
            Response allowed = post(Tokens.of(role), query, Map.of("a", agent), null);
            assertThat(allowed.jsonPath().getInt("data.route.version")).as(role.name()).isPositive();
        }
        assertThat(fastPathCount()).isEqualTo(before + Role.values().length);
    }

    private static void assertSameAnswer(String template, Map<String, Object> variables, String operationName) {
        FastPathRequests.Answers answers = FastPathRequests.fastAndEngine(Tokens.of(Role.RUNTIME), template, variables,
                operationName, COUNTER);
        assertThat(answers.fast()).isEqualTo(answers.engine());
    }

    /** As a runtime would: with a RUNTIME token. */
    private static Response post(String query, Map<String, Object> variables, String operationName) {
        return post(Tokens.of(Role.RUNTIME), query, variables, operationName);
    }

    private static Response post(String token, String query, Map<String, Object> variables, String operationName) {
        return FastPathRequests.post(token, query, variables, operationName);
    }

    private static double fastPathCount() {
        return FastPathRequests.counter(COUNTER);
    }
}
