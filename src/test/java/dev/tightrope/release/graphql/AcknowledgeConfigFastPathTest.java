package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The acknowledgeConfig fast path answers, refuses and audits exactly as the GraphQL engine does. Each request is
 * sent twice: as written (the fast path takes it) and with {@code @include(if: true)} on the mutation's field, which
 * means the same but is a shape the fast path leaves to the engine. A counter shows which path answered.
 */
@QuarkusTest
class AcknowledgeConfigFastPathTest {

    private static final String ENV = "production";
    private static final String COUNTER = "tightrope_graphql_acknowledge_fast_path_total";
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final String ACKNOWLEDGE = "mutation A($a: String!, $e: String!, $g: Int!, $r: String!) { "
            + "acknowledgeConfig(agent: $a, environment: $e, generation: $g, runtimeId: $r) %s { "
            + "runtimeId generation acknowledgedAt eventsPropagated __typename } }";
    private static String agent;

    @BeforeEach
    void deployTwiceOnce() {
        if (agent != null) {
            return;
        }
        agent = Fixtures.agentWithVersions("ack-fast", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
    }

    @Test
    void variablesAnswerLikeTheEngine() {
        for (int generation : List.of(1, 2)) {
            assertSameAnswer(ACKNOWLEDGE, Map.of("a", agent, "e", ENV, "g", generation, "r", "rt-" + generation), "A");
        }
    }

    @Test
    void aliasesAndLiteralsAnswerLikeTheEngine() {
        assertSameAnswer("mutation { ack: acknowledgeConfig(agent: \"" + agent + "\", environment: \"" + ENV
                + "\", generation: 2, runtimeId: \"literal-rt\") %s { at: acknowledgedAt g: generation who: runtimeId } }",
                Map.of(), null);
    }

    @Test
    void refusalsAndUnusualRequestsAreLeftToTheEngine() {
        double before = fastPathCount();

        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", 3, "r", "r"), "A"),
                "VALIDATION"); // beyond the deployment's generation
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", 0, "r", "r"), "A"), "VALIDATION");
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", "staging", "g", 1, "r", "r"), "A"),
                "NOT_FOUND");
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", "no-such-agent-acks", "e", ENV, "g", 1, "r", "r"), "A"),
                "NOT_FOUND");
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", "Not A Slug", "e", ENV, "g", 1, "r", "r"), "A"),
                "VALIDATION");
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", 1, "r", ""), "A"), "VALIDATION");
        // numbers the engine refuses rather than coerce
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", 1.5, "r", "r"), "A"),
                "VALIDATION");
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", 2_147_483_648L, "r", "r"), "A"),
                "VALIDATION");
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", "1", "r", "r"), "A"),
                "VALIDATION");
        Map<String, Object> missing = new HashMap<>(Map.of("a", agent, "e", ENV, "r", "r"));
        missing.put("g", null);
        assertCode(post(ACKNOWLEDGE.formatted(""), missing, "A"), "VALIDATION");
        assertCode(post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", 1, "r", "r"), "Other"),
                "VALIDATION");
        assertCode(post("mutation { acknowledgeConfig(agent: \"" + agent + "\", environment: \"" + ENV
                + "\", generation: 2147483648, runtimeId: \"r\") { generation } }", Map.of(), null), "VALIDATION");

        assertThat(fastPathCount()).as("none answered by the fast path").isEqualTo(before);
    }

    @Test
    void accessControlIsTheEngines() {
        Map<String, Object> variables = Map.of("a", agent, "e", ENV, "g", 1, "r", "rt-roles");
        for (Role role : Role.values()) {
            double before = fastPathCount();
            Response answer = post(Tokens.of(role), ACKNOWLEDGE.formatted(""), variables, "A");
            if (role == Role.RUNTIME) {
                assertThat(answer.jsonPath().getInt("data.acknowledgeConfig.generation")).isEqualTo(1);
                assertThat(fastPathCount()).as(role.name()).isEqualTo(before + 1);
            } else {
                assertCode(answer, "FORBIDDEN");
                assertThat(fastPathCount()).as(role.name()).isEqualTo(before);
            }
        }
        double before = fastPathCount();
        assertThat(post(null, ACKNOWLEDGE.formatted(""), variables, "A").statusCode()).isEqualTo(401);
        String elsewhere = execute("createScopedApiToken", Map.of("name", Fixtures.uniqueSlug("ack-scoped"),
                "role", "RUNTIME", "agents", List.of(agent), "environments", List.of("staging")))
                .body("errors", nullValue()).extract().path("data.createApiToken.secret");
        assertCode(post(elsewhere, ACKNOWLEDGE.formatted(""), variables, "A"), "FORBIDDEN");
        assertThat(fastPathCount()).isEqualTo(before);
    }

    @Test
    void eachAcknowledgementAnsweredHereIsAuditedAsTheEngineAuditsIt() {
        String fastRuntime = "audited-fast-" + System.nanoTime();
        String engineRuntime = "audited-engine-" + System.nanoTime();
        double before = fastPathCount();
        post(ACKNOWLEDGE.formatted(""), Map.of("a", agent, "e", ENV, "g", 2, "r", fastRuntime), "A");
        post(ACKNOWLEDGE.formatted("@include(if: true)"), Map.of("a", agent, "e", ENV, "g", 2, "r", engineRuntime), "A");
        assertThat(fastPathCount()).isEqualTo(before + 1);

        Map<String, Object> fast = await().atMost(Duration.ofSeconds(10)).until(() -> auditEntryOf(fastRuntime),
                entry -> entry != null);
        Map<String, Object> engine = await().atMost(Duration.ofSeconds(10)).until(() -> auditEntryOf(engineRuntime),
                entry -> entry != null);
        for (String field : List.of("actor", "tokenId", "source", "operation", "outcome")) {
            assertThat(fast.get(field)).as(field).isEqualTo(engine.get(field));
        }
        assertThat(fast.get("outcome")).isEqualTo("OK");
        assertThat(fast.get("source")).isEqualTo("API");
        assertThat(String.valueOf(fast.get("arguments")))
                .isEqualTo(String.valueOf(engine.get("arguments")).replace(engineRuntime, fastRuntime));
    }

    /** The audit entry of the acknowledgeConfig that named this runtime, or null while it is not written. */
    private static Map<String, Object> auditEntryOf(String runtimeId) {
        List<Map<String, Object>> nodes = execute("auditLog", Map.of("filter", Map.of("operation", "acknowledgeConfig"),
                "first", 100)).body("errors", nullValue()).extract().jsonPath().getList("data.auditLog.edges.node");
        return nodes.stream().filter(node -> String.valueOf(node.get("arguments")).contains(runtimeId)).findFirst()
                .orElse(null);
    }

    private static void assertSameAnswer(String template, Map<String, Object> variables, String operationName) {
        FastPathRequests.Answers answers = FastPathRequests.fastAndEngine(Tokens.of(Role.RUNTIME), template, variables,
                operationName, COUNTER);
        // the acknowledgement times differ by the time between the two requests; both are the same DateTime form
        Map<String, Object> fastData = data(answers.fast());
        Map<String, Object> engineData = data(answers.engine());
        assertThat(fastData.keySet()).containsExactlyElementsOf(engineData.keySet());
        for (String key : engineData.keySet()) {
            Object fastValue = fastData.get(key);
            Object engineValue = engineData.get(key);
            if (engineValue instanceof String text && DATE_TIME.matcher(text).matches()) {
                assertThat((String) fastValue).as(key).matches(DATE_TIME);
                assertThat(Duration.between(Instant.parse((String) fastValue), Instant.parse(text)).abs())
                        .as(key).isLessThan(Duration.ofSeconds(10));
            } else {
                assertThat(fastValue).as(key).isEqualTo(engineValue);
            }
        }
    }

    /** The object under the one root key of {@code data}, in the answer's own order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> body) {
        Map<String, Object> data = (Map<String, Object>) body.get("data");
        assertThat(data).hasSize(1);
        return new LinkedHashMap<>((Map<String, Object>) data.values().iterator().next());
    }

    private static void assertCode(Response response, String code) {
        assertThat(response.statusCode()).isIn(200, 400);
        assertThat(response.jsonPath().getString("errors[0].extensions.code")).as(response.asString()).isEqualTo(code);
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
