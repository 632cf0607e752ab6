package dev.tightrope.platform.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static dev.tightrope.testing.GraphQLClient.raw;
import static dev.tightrope.testing.GraphQLClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * The defects a new user found in the request handling, one test each, over real HTTP against the engine: numbers are
 * never wrapped or coerced, malformed requests are a coded 400, scalars that do not parse are one VALIDATION error,
 * oversized bodies (declared or chunked) are a coded 413, nothing the database cannot store gets in, and a refused
 * mutation changes nothing but still leaves its audit entry.
 */
@QuarkusTest
class RequestContractTest {

    private static final String ENV = "staging";

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void anIntOutsideThirtyTwoBitsIsRefusedNotWrapped() {
        String agent = Fixtures.agentWithVersions("int-wrap", 2);
        execute("deploy", traffic(agent, Map.of("version", 4294967297L)))
                .body("data", nullValue())
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("Variable 'version'"))
                .body("errors[0].message", containsString("from -2147483648 to 2147483647, got 4294967297"));
        raw("mutation { deploy(agent: \"" + agent + "\", environment: \"" + ENV + "\", version: 4294967297) "
                + "{ generation } }")
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("argument 'version' with value 4294967297"))
                .body("errors[0].message", containsString("@[deploy]"));
        execute("deployment", Map.of("agent", agent, "environment", ENV)).body("data.deployment", nullValue());
        // audit entries are written right after the answer, in the background
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> refusals = execute("auditLog", Map.of("filter", Map.of("operation", "deploy",
                    "outcome", "VALIDATION"), "first", 50)).extract().jsonPath().getList("data.auditLog.edges.node");
            assertThat(refusals).filteredOn(entry -> String.valueOf(entry.get("arguments")).contains(agent))
                    .as("both refused deploys are audited").hasSize(2);
        });

        execute("deploy", traffic(agent, Map.of("version", 1))).body("errors", nullValue());
        execute("startRollout", traffic(agent, Map.of("version", 2, "weight", 4294967301L)))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        execute("version", Map.of("agent", agent, "number", 99999999999L))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("got 99999999999"));
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.generation", equalTo(1))
                .body("data.deployment.rollout", nullValue());
    }

    @Test
    void aStringOrAFractionIsNotAnInt() {
        String agent = Fixtures.agentWithVersions("int-string", 2);
        execute("deploy", traffic(agent, Map.of("version", 1))).body("errors", nullValue());
        execute("startRollout", traffic(agent, Map.of("version", 2, "weight", "50")))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("not a string (\"50\")"));
        execute("startRollout", traffic(agent, Map.of("version", 2, "weight", 5.5)))
                .body("errors[0].message", containsString("must be a whole number, got 5.5"));
        raw("mutation { startRollout(agent: \"" + agent + "\", environment: \"" + ENV + "\", version: 2, "
                + "weight: \"50\") { generation } }")
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        execute("deployment", Map.of("agent", agent, "environment", ENV)).body("data.deployment.generation",
                equalTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"{\\\"s\\\":\\\"x\\\"}\"", "5", "\"\"", "[]", "true"})
    void variablesThatAreNotAnObjectAreACoded400(String variables) {
        request(Tokens.admin())
                .body("{\"query\": \"query($s: String!) { agent(slug: $s) { slug } }\", \"variables\": " + variables
                        + "}")
                .when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("'variables' must be a JSON object"))
                .body("errors[0].message", not(containsString("java")));
    }

    @Test
    void aMutationRefusedForItsShapeIsAuditedToo() {
        String agent = Fixtures.agentWithVersions("shape-audit", 1);
        request(Tokens.admin())
                .body("{\"query\": \"mutation($v: Int!) { deploy(agent: \\\"" + agent + "\\\", environment: "
                        + "\\\"staging\\\", version: $v) { generation } }\", \"variables\": \"{}\"}")
                .when().post("/graphql")
                .then().statusCode(400).body("errors[0].extensions.code", equalTo("VALIDATION"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(execute("auditLog", Map.of("filter",
                Map.of("operation", "deploy", "outcome", "VALIDATION"), "first", 50)).extract().jsonPath()
                .getList("data.auditLog.edges.node.arguments").toString()).contains(agent));
    }

    @Test
    void operationNameOfTheWrongTypeIsACoded400() {
        request(Tokens.admin()).body("{\"query\": \"{ agents { edges { cursor } } }\", \"operationName\": 5}")
                .when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("'operationName' must be a string"));
    }

    @Test
    void aScalarThatDoesNotParseIsExactlyOneValidationError() {
        Map<String, Object> token = new HashMap<>(Map.of("name", Fixtures.uniqueSlug("bad-expiry"), "role", "VIEWER",
                "expiresAt", "tomorrow"));
        execute("createApiToken", token)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("Variable 'expiresAt'"))
                .body("errors[0].message", containsString("ISO-8601 with an offset, e.g. 2027-06-30T09:00:00Z"));
        raw("{ auditLog(filter: {from: \"last week\"}) { edges { cursor } } }")
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("argument 'filter.from'"))
                .body("errors[0].message", not(containsString("Unknown Scalar Type")))
                .body("errors[0].message", not(containsString("dev.tightrope")));
        execute("auditLog", Map.of("filter", Map.of("from", "2026-01-01T00:00:00+02:00"), "first", 1))
                .body("errors", nullValue());
    }

    @Test
    void aDateTimeWithoutSecondsIsTakenAsIso8601AllowsEverywhere() {
        String agent = Fixtures.agentWithVersions("contract-minutes", 1);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .body("errors", nullValue());
        // a literal, a variable, a variable's field, and an offset: each was a VALIDATION plus an INTERNAL error
        raw("{ rollbackStats(agent: \"" + agent + "\", since: \"2026-01-01T00:00Z\") { releases } }")
                .body("errors", nullValue()).body("data.rollbackStats.releases", equalTo(1));
        execute("rollbackStats", Map.of("agent", agent, "environment", "production", "since",
                "2026-01-01T00:00+02:00")).body("errors", nullValue());
        execute("auditLog", Map.of("filter", Map.of("from", "2026-01-01T00:00Z"), "first", 1))
                .body("errors", nullValue());
        raw("{ auditLog(filter: {from: \"2026-01-01T00:00Z\"}, first: 1) { edges { cursor } } }")
                .body("errors", nullValue());
        execute("rollbackStats", Map.of("agent", agent, "since", "2026-01-01T00Z"))
                .body("errors", hasSize(1)).body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    void aDeclaredBodyOverTheLimitIsACoded413() {
        String padding = "x".repeat(3 * 1024 * 1024);
        request(Tokens.admin()).body("{\"query\": \"{ agents { edges { cursor } } }\", \"x\": \"" + padding + "\"}")
                .when().post("/graphql")
                .then().statusCode(413)
                .body("errors[0].extensions.code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("errors[0].message", containsString("limit of 2097152 bytes (2 MiB)"));
    }

    @Test
    void aChunkedBodyIsCountedAsItArrivesAndCutOffAtTheLimit() throws Exception {
        String slug = Fixtures.uniqueSlug("chunked");
        String body = "{\"query\": \"mutation($i: CreateAgentInput!) { createAgent(input: $i) { slug } }\", "
                + "\"variables\": {\"i\": {\"slug\": \"" + slug + "\", \"name\": \"n\", \"description\": \""
                + "d".repeat(3 * 1024 * 1024) + "\"}}}";
        HttpRequest chunked = HttpRequest.newBuilder(graphql)
                .header("Authorization", "Bearer " + Tokens.admin())
                .header("Content-Type", "application/json")
                // an InputStream of unknown length is sent chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response;
        try {
            response = client.send(chunked, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closedWhileSending) {
            response = null; // the server may close the connection before the client has sent everything
        }
        if (response != null) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(new JsonObject(response.body()).getJsonArray("errors").getJsonObject(0)
                    .getJsonObject("extensions").getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        }
        execute("agent", Map.of("slug", slug)).body("data.agent", nullValue());
    }

    @Test
    void getWithoutAnUpgradeAndOtherMethodsAreACoded405() {
        request(Tokens.admin()).when().get("/graphql")
                .then().statusCode(405).header("Allow", "POST")
                .body("errors[0].extensions.code", equalTo("METHOD_NOT_ALLOWED"));
        request(Tokens.admin()).when().put("/graphql")
                .then().statusCode(405)
                .body("errors[0].extensions.code", equalTo("METHOD_NOT_ALLOWED"));
        // HEAD is answered like GET, without the body (it was a bare 404)
        request(Tokens.admin()).when().head("/graphql")
                .then().statusCode(405).header("Allow", "POST");
        // TRACE was a bare 403 (a method no permission named): now the token is checked, then the method
        request(Tokens.admin()).when().request("TRACE", "/graphql")
                .then().statusCode(405).header("Allow", "POST")
                .body("errors[0].extensions.code", equalTo("METHOD_NOT_ALLOWED"));
        io.restassured.RestAssured.given().when().request("TRACE", "/graphql")
                .then().statusCode(401).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aGetWithoutATokenIsA401LikeEveryOtherMethod() {
        for (String path : new String[] {"/graphql", "/graphql/schema.graphql"}) {
            io.restassured.RestAssured.given().when().get(path)
                    .then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"tightrope\"")
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        }
        // with a token the schema is served (it was served to anyone)
        request(Tokens.of(Role.VIEWER)).when().get("/graphql/schema.graphql")
                .then().statusCode(200).body(containsString("type Query"));
    }

    @Test
    void anotherContentTypeIsACoded415() {
        request(Tokens.admin()).contentType("text/plain").body("{ agents { edges { cursor } } }")
                .when().post("/graphql")
                .then().statusCode(415)
                .body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        // the media type is matched whole, not as a prefix; its parameters do not matter
        for (String lookalike : new String[] {"application/jsonx", "application/json-patch+json"}) {
            request(Tokens.admin()).contentType(lookalike)
                    .body("{\"query\": \"{ __typename }\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post("/graphql")
                    .then().statusCode(415)
                    .body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        }
        request(Tokens.admin()).contentType("Application/JSON; charset=UTF-8")
                .body("{\"query\": \"{ __typename }\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/graphql")
                .then().statusCode(200).body("data.__typename", equalTo("Query"));
        // a compressed body is refused by its coding, not read as broken JSON; identity is no coding at all
        request(Tokens.admin()).contentType("application/json").header("Content-Encoding", "gzip")
                .body("{\"query\": \"{ __typename }\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/graphql")
                .then().statusCode(415).body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("errors[0].message", equalTo("Content-Encoding gzip is not read by POST /graphql: send the "
                        + "body as it is."));
        request(Tokens.admin()).contentType("application/json").header("Content-Encoding", "identity")
                .body("{\"query\": \"{ __typename }\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/graphql")
                .then().statusCode(200).body("data.__typename", equalTo("Query"));
    }

    @Test
    void introspectionAskingForFieldsTwiceIsValidationNotInternal() {
        raw("{ __schema { queryType { fields { name } } mutationType { fields { name } } } }")
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("at most once per type"));
    }

    @Test
    void aSubscriptionOverPostIsValidation() {
        raw("subscription { configChanged(agent: \"a\", environment: \"b\") { generation } }")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("WebSocket"));
    }

    @Test
    void aDuplicateKeyInComponentJsonIsRefusedNotMerged() {
        String agent = Fixtures.createAgent("duplicate-key");
        String input = new JsonObject(Fixtures.firstVersion(agent, "hello")).encode()
                .replace("\"modelId\":\"gpt-4o\"", "\"modelId\":\"a\",\"modelId\":\"b\"");
        assertThat(input).contains("\"modelId\":\"a\",\"modelId\":\"b\"");
        request(Tokens.admin())
                .body("{\"query\": \"mutation($input: CreateVersionInput!) { createVersion(input: $input) "
                        + "{ number } }\", \"variables\": {\"input\": " + input + "}}")
                .when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("The key 'modelId' appears twice"))
                .body("errors[0].message", containsString("/variables/input/model"));
        raw("mutation { createVersion(input: {agent: \"" + agent + "\", model: {provider: \"openai\", "
                + "modelId: \"a\", modelId: \"b\"}}) { number } }")
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        execute("agent", Map.of("slug", agent)).body("data.agent.latestVersion", nullValue());
    }

    @Test
    void aNulCharacterIsRefusedBeforeAnyWriteAndTheRefusalIsAudited() {
        String agent = Fixtures.agentWithVersions("nul-reason", 2);
        execute("deploy", traffic(agent, Map.of("version", 1))).body("errors", nullValue());
        execute("startRollout", traffic(agent, Map.of("version", 2, "weight", 5, "reason", "a\u0000b")))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("variables.reason must not contain the NUL character"));
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.generation", equalTo(1));

        String viewer = Tokens.create(Fixtures.uniqueSlug("nul-viewer"), Role.VIEWER, null).secret();
        executeAs(viewer, "rollback", traffic(agent, Map.of("reason", "\u0000"))).statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath audit = execute("auditLog", Map.of("filter", Map.of("operation", "rollback", "outcome",
                    "VALIDATION"), "first", 20)).body("errors", nullValue()).extract().jsonPath();
            List<Map<String, Object>> entries = audit.getList("data.auditLog.edges.node");
            assertThat(entries).anySatisfy(entry -> assertThat(String.valueOf(entry.get("arguments")))
                    .contains(agent).contains("\uFFFD"));
        });
    }

    private static Map<String, Object> traffic(String agent, Map<String, Object> arguments) {
        Map<String, Object> variables = new HashMap<>(arguments);
        variables.put("agent", agent);
        variables.put("environment", ENV);
        return variables;
    }
}
