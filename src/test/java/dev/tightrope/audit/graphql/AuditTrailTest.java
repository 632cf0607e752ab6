package dev.tightrope.audit.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Every GraphQL mutation leaves one audit entry — allowed, refused or failed — and the audit log can be read. */
@QuarkusTest
class AuditTrailTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ENV = "production";

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void successesAndFailuresAreRecordedWithActorTokenArgumentsAndOutcome() {
        Tokens.Created operator = Tokens.create(Fixtures.uniqueSlug("audit-operator"), Role.OPERATOR, null);
        String actor = "token:" + operator.name();
        String agent = Fixtures.agentWithVersions("audited", 2);
        executeAs(operator.secret(), "deploy", Map.of("agent", agent, "environment", ENV, "version", 1,
                "reason", "first release")).statusCode(200).body("errors", nullValue());
        executeAs(operator.secret(), "deploy", Map.of("agent", agent, "environment", ENV, "version", 1))
                .statusCode(200).body("errors[0].extensions.code", equalTo("VALIDATION"));
        executeAs(operator.secret(), "createAgent", Map.of("input", Map.of("slug", agent, "name", "again")))
                .statusCode(200).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        executeAs(operator.secret(), "agents", Map.of("first", 1)).statusCode(200);

        List<Map<String, Object>> entries = awaitEntries(actor, 3);
        assertThat(entries).extracting(entry -> entry.get("operation") + " " + entry.get("outcome"))
                .as("newest first; queries are not audited")
                .containsExactly("createAgent FORBIDDEN", "deploy VALIDATION", "deploy OK");
        Map<String, Object> deployed = entries.get(2);
        assertThat(deployed.get("actor")).isEqualTo(actor);
        assertThat(deployed.get("tokenId")).isEqualTo(operator.id());
        assertThat(deployed.get("source")).isEqualTo("API");
        assertThat(deployed.get("arguments")).isEqualTo(Map.of("agent", agent, "environment", ENV, "version", 1,
                "reason", "first release"));
        assertThat(Instant.parse((String) deployed.get("at"))).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void secretsInArgumentsAreRedacted() {
        String agent = Fixtures.createAgent("redacted");
        Map<String, Object> model = new HashMap<>(Fixtures.model("gpt-4o"));
        model.put("parameters", Map.of("apiKey", "sk-live-do-not-store", "region", "eu"));
        Map<String, Object> input = Fixtures.firstVersion(agent, "You are careful with secrets.");
        input.put("model", model);
        execute("createVersion", Map.of("input", input)).body("errors", nullValue());

        Map<String, Object> entry = awaitEntries("token:bootstrap-admin", "createVersion", 20).stream()
                .filter(candidate -> agent.equals(input(candidate).get("agent")))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) input(entry).get("model"))
                .get("parameters");
        assertThat(parameters).containsEntry("apiKey", "***").containsEntry("region", "eu");
        assertThat(entry.toString()).doesNotContain("sk-live-do-not-store");
    }

    @Test
    void aMutationWithoutTokenOverWebSocketIsRecordedAsUnauthenticated() throws Exception {
        String slug = Fixtures.uniqueSlug("anonymous");
        try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, null)) {
            socket.subscribe("createAgent", Map.of("input", Map.of("slug", slug, "name", "Nobody's")));
            JsonObject refused = socket.next(WAIT);
            assertThat(refused.getString("type")).isEqualTo("error");
            assertThat(refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions").getString("code"))
                    .isEqualTo("UNAUTHENTICATED");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(entries(Map.of("actor", "anonymous",
                "outcome", "UNAUTHENTICATED"), 50)).anySatisfy(entry -> assertThat(input(entry).get("slug"))
                        .isEqualTo(slug)));
        execute("agent", Map.of("slug", slug)).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void operatorsReadTheAuditLogPageByPage() {
        Tokens.Created admin = Tokens.create(Fixtures.uniqueSlug("audit-admin"), Role.ADMIN, null);
        for (int i = 0; i < 3; i++) {
            executeAs(admin.secret(), "createAgent", Map.of("input", Map.of("slug", Fixtures.uniqueSlug("paged"),
                    "name", "Paged " + i))).statusCode(200).body("errors", nullValue());
        }
        String actor = "token:" + admin.name();
        awaitEntries(actor, 3);

        JsonPath first = executeAs(Tokens.of(Role.OPERATOR), "auditLog", Map.of("filter", Map.of("actor", actor,
                "operation", "createAgent", "source", "API", "outcome", "OK"), "first", 2))
                .statusCode(200).body("errors", nullValue()).extract().jsonPath();
        assertThat(first.getList("data.auditLog.edges")).hasSize(2);
        assertThat(first.getBoolean("data.auditLog.pageInfo.hasNextPage")).isTrue();
        JsonPath second = executeAs(Tokens.of(Role.OPERATOR), "auditLog", Map.of("filter", Map.of("actor", actor),
                "first", 2, "after", first.getString("data.auditLog.pageInfo.endCursor")))
                .statusCode(200).body("errors", nullValue()).extract().jsonPath();
        assertThat(second.getList("data.auditLog.edges")).hasSize(1);
        assertThat(second.getBoolean("data.auditLog.pageInfo.hasNextPage")).isFalse();

        executeAs(Tokens.of(Role.VIEWER), "auditLog", Map.of())
                .statusCode(200).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        execute("auditLog", Map.of("filter", Map.of("from", Instant.now().plusSeconds(3600).toString())))
                .body("data.auditLog.edges", equalTo(List.of()));
        // a filter nothing could match is a mistake, said as such, not an empty page
        execute("auditLog", Map.of("filter", Map.of("outcome", "NOPE")))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations[0].path", equalTo("filter.outcome"));
        Instant now = Instant.now();
        execute("auditLog", Map.of("filter", Map.of("from", now.toString(), "to", now.minusSeconds(60).toString())))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("filter.to: must be after filter.from"));
        execute("auditLog", Map.of("filter", Map.of("outcome", "FORBIDDEN"))).body("errors", nullValue());
    }

    private static List<Map<String, Object>> awaitEntries(String actor, int count) {
        await().atMost(WAIT).until(() -> entries(Map.of("actor", actor), 100).size() >= count);
        return entries(Map.of("actor", actor), 100);
    }

    private static List<Map<String, Object>> awaitEntries(String actor, String operation, int max) {
        await().atMost(WAIT).until(() -> !entries(Map.of("actor", actor, "operation", operation), max).isEmpty());
        return entries(Map.of("actor", actor, "operation", operation), max);
    }

    private static List<Map<String, Object>> entries(Map<String, Object> filter, int first) {
        return execute("auditLog", Map.of("filter", filter, "first", first)).body("errors", nullValue())
                .extract().jsonPath().getList("data.auditLog.edges.node");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(Map<String, Object> entry) {
        return (Map<String, Object>) ((Map<String, Object>) entry.get("arguments")).get("input");
    }
}
