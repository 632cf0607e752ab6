package dev.tightrope.access.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static dev.tightrope.testing.GraphQLClient.request;
import static dev.tightrope.testing.GraphQLClient.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** API tokens over real HTTP: created, used, tracked, revoked and expired. */
@QuarkusTest
class TokenLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TestClock clock;
    @Inject
    dev.tightrope.access.application.ApiTokenService tokenService;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void createdTokenWorksUntilRevokedAndIsRefusedAtOnceAfterwards() {
        String name = Fixtures.uniqueSlug("ci-deployer");
        JsonPath created = executeAs(Tokens.admin(), "createApiToken", variables(name, "OPERATOR", null))
                .statusCode(200).body("errors", nullValue()).extract().jsonPath();
        String secret = created.getString("data.createApiToken.secret");
        String id = created.getString("data.createApiToken.token.id");
        assertThat(secret).matches("tr_[A-Za-z0-9_-]{43}");
        assertThat(created.getString("data.createApiToken.token.name")).isEqualTo(name);
        assertThat(created.getString("data.createApiToken.token.role")).isEqualTo("OPERATOR");
        assertThat(created.getString("data.createApiToken.token.status")).isEqualTo("ACTIVE");
        assertThat(created.getString("data.createApiToken.token.prefix")).isEqualTo(secret.substring(0, 11));
        assertThat(created.getString("data.createApiToken.token.createdBy")).isEqualTo("token:bootstrap-admin");
        assertThat(created.getString("data.createApiToken.token.lastUsedAt")).isNull();

        // used: allowed by its role, attributed to it, and its last use is recorded in the background
        String agent = Fixtures.agentWithVersions("lifecycle", 1);
        executeAs(secret, "deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.deploy.actor", equalTo("token:" + name));
        await().atMost(WAIT).untilAsserted(() -> assertThat(token(id).getString("lastUsedAt")).isNotNull());
        String listed = execute("apiTokens", Map.of()).extract().asString();
        assertThat(listed).as("the secret is never listed").doesNotContain(secret.substring(11));

        // revoked: the very next request is refused, before any GraphQL runs
        execute("revokeApiToken", Map.of("id", id))
                .body("errors", nullValue())
                .body("data.revokeApiToken.status", equalTo("REVOKED"))
                .body("data.revokeApiToken.revokedBy", equalTo("token:bootstrap-admin"))
                .body("data.revokeApiToken.revokedAt", notNullValue());
        executeAs(secret, "agents", Map.of())
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("errors[0].message", containsString("has been revoked"));
        executeAs(secret, "deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(1));

        // revoking again changes nothing
        String revokedAt = token(id).getString("revokedAt");
        execute("revokeApiToken", Map.of("id", id))
                .body("errors", nullValue())
                .body("data.revokeApiToken.revokedAt", equalTo(revokedAt));
    }

    @Test
    void aRevocationCommittedElsewhereReachesThisInstanceThroughNotify() throws SQLException {
        Tokens.Created token = Tokens.create(Fixtures.uniqueSlug("elsewhere"), Role.VIEWER, null);
        executeAs(token.secret(), "agents", Map.of("first", 1)).statusCode(200).body("errors", nullValue());

        // as another instance (or an operator in psql) would: straight in the database
        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                PreparedStatement revoke = connection.prepareStatement(
                        "update api_token set revoked_at = now(), revoked_by = 'psql' where id = ?")) {
            revoke.setLong(1, Long.parseLong(token.id()));
            assertThat(revoke.executeUpdate()).isEqualTo(1);
        }
        await().atMost(WAIT).untilAsserted(() -> executeAs(token.secret(), "agents", Map.of("first", 1))
                .statusCode(401)
                .body("errors[0].message", containsString("has been revoked")));
    }

    @Test
    void tokenIsRefusedFromTheMomentItExpires() {
        Instant expiresAt = clock.instant().plus(1, ChronoUnit.HOURS);
        Tokens.Created token = Tokens.create(Fixtures.uniqueSlug("short-lived"), Role.VIEWER, expiresAt);
        executeAs(token.secret(), "agents", Map.of("first", 1)).statusCode(200).body("errors", nullValue());
        assertThat(token(token.id()).getString("expiresAt")).isNotNull();

        clock.advance(Duration.ofMinutes(61));
        executeAs(token.secret(), "agents", Map.of("first", 1))
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("errors[0].message", containsString("expired"));
        assertThat(token(token.id()).getString("status")).isEqualTo("EXPIRED");
    }

    @Test
    void lastUseIsWrittenAtMostOncePerInterval() {
        Tokens.Created token = Tokens.create(Fixtures.uniqueSlug("runtime"), Role.RUNTIME, null);
        executeAs(token.secret(), "route", Map.of("agent", "nothing-here", "environment", "production"))
                .statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(token(token.id()).getString("lastUsedAt")).isNotNull());
        String first = token(token.id()).getString("lastUsedAt");

        clock.advance(Duration.ofSeconds(30));
        executeAs(token.secret(), "route", Map.of("agent", "nothing-here", "environment", "production"));
        clock.advance(Duration.ofSeconds(31));
        executeAs(token.secret(), "route", Map.of("agent", "nothing-here", "environment", "production"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Instant.parse(token(token.id()).getString("lastUsedAt")))
                .isAfter(Instant.parse(first).plusSeconds(60)));
    }

    @Test
    void badInputIsRefusedWithEveryViolation() {
        Map<String, Object> bad = variables("has spaces and is far too long for a token name, really too long!",
                "VIEWER", Instant.now().minusSeconds(60).toString());
        execute("createApiToken", bad)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("name"))
                .body("errors[0].extensions.violations.path", hasItem("expiresAt"))
                .body("data", nullValue());
        execute("createApiToken", variables("bad name", "VIEWER", null))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));

        String name = Fixtures.uniqueSlug("twice");
        execute("createApiToken", variables(name, "VIEWER", null)).body("errors", nullValue());
        execute("createApiToken", variables(name, "ADMIN", null))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", containsString("already exists"));

        execute("revokeApiToken", Map.of("id", "999999999"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        execute("revokeApiToken", Map.of("id", "not-a-number"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    void malformedAndUnknownTokensAreUnauthenticated() {
        executeAs("tr_" + "x".repeat(43), "agents", Map.of())
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("errors[0].message", equalTo("The API token is not valid."));
        executeAs("not-a-tightrope-token", "agents", Map.of())
                .statusCode(401)
                .body("errors[0].message", containsString("not a Tightrope API token"));
        executeAs(null, "agents", Map.of())
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("errors[0].message", containsString("Authorization: Bearer"));
        // introspection too needs a token
        request(null).body(Map.of("query", "{ __schema { types { name } } }")).post("/graphql").then()
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void theLastActiveAdminTokenCannotBeRevoked() {
        String bootstrapId = null;
        List<Map<String, Object>> tokens = execute("apiTokens", Map.of()).extract().jsonPath().getList("data.apiTokens");
        for (Map<String, Object> token : tokens) {
            if (!"ADMIN".equals(token.get("role")) || !"ACTIVE".equals(token.get("status"))) {
                continue;
            }
            if ("bootstrap-admin".equals(token.get("name"))) {
                bootstrapId = (String) token.get("id");
            } else {
                execute("revokeApiToken", Map.of("id", token.get("id"))).body("errors", nullValue());
            }
        }
        assertThat(bootstrapId).isNotNull();
        // a token the application issued to itself (the demo's) is held by nobody: it does not count
        long inProcess = tokenService.create("in-process-admin-" + System.nanoTime(), dev.tightrope.access.domain.Role
                .ADMIN, null, dev.tightrope.access.application.ApiTokenService.IN_PROCESS)
                .await().atMost(java.time.Duration.ofSeconds(10)).token().id();

        // neither does an ADMIN limited to some agents (it cannot create a full token again) nor one that lapses
        // within a day (everyone would be locked out then)
        String scoped = raw("mutation { createApiToken(name: \"scoped-admin-" + System.nanoTime() + "\", role: ADMIN, "
                + "agents: [\"only-bot\"]) { token { id } } }").body("errors", nullValue())
                .extract().path("data.createApiToken.token.id");
        execute("createApiToken", variables("lapsing-admin-" + System.nanoTime(), "ADMIN",
                java.time.Instant.now().plusSeconds(60).toString())).body("errors", nullValue());

        execute("revokeApiToken", Map.of("id", bootstrapId))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", containsString("is the last ADMIN token for every agent and environment"));
        execute("revokeApiToken", Map.of("id", scoped)).body("errors", nullValue()); // a scoped one may go
        assertThat(token(bootstrapId).getString("status")).isEqualTo("ACTIVE");
        execute("revokeApiToken", Map.of("id", Long.toString(inProcess))).body("errors", nullValue())
                .body("data.revokeApiToken.status", equalTo("REVOKED"));
        execute("agents", Map.of("first", 1)).body("errors", nullValue());
    }

    static Map<String, Object> variables(String name, String role, String expiresAt) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("name", name);
        variables.put("role", role);
        variables.put("expiresAt", expiresAt);
        return variables;
    }

    /** The token with this id as apiTokens lists it. */
    static JsonPath token(String id) {
        List<Map<String, Object>> tokens = execute("apiTokens", Map.of()).body("errors", nullValue())
                .extract().jsonPath().getList("data.apiTokens");
        Map<String, Object> token = tokens.stream().filter(t -> id.equals(t.get("id"))).findFirst().orElseThrow();
        return new JsonPath(new io.vertx.core.json.JsonObject(token).encode());
    }
}
