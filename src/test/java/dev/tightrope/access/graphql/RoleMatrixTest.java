package dev.tightrope.access.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.graphql.SchemaOperations.Call;
import dev.tightrope.rules.application.AlertFeed;
import dev.tightrope.rules.domain.Alert;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.SseClient;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Every operation of the live schema × every kind of caller. The operations come from introspection, so an
 * operation added without an entry in {@link #EXPECTED} fails this test; the table is written here by hand, apart
 * from AccessPolicy, so a mistake in either one shows. Queries and mutations go over HTTP, subscriptions over a real
 * WebSocket. The plain HTTP endpoints (the runtime API, outcomes) have their own table, {@link #HTTP_EXPECTED}.
 */
@QuarkusTest
class RoleMatrixTest {

    /** The kinds of caller: a valid token of each role, no token, a revoked and an expired one. */
    enum Who { VIEWER, OPERATOR, ADMIN, RUNTIME, NONE, REVOKED, EXPIRED }

    private static final Set<Who> PEOPLE = EnumSet.of(Who.VIEWER, Who.OPERATOR, Who.ADMIN);
    private static final Set<Who> OPERATORS = EnumSet.of(Who.OPERATOR, Who.ADMIN);
    private static final Set<Who> ADMINS = EnumSet.of(Who.ADMIN);
    private static final Set<Who> RUNTIMES = EnumSet.of(Who.RUNTIME);
    private static final Set<Who> PEOPLE_AND_RUNTIMES = EnumSet.of(Who.VIEWER, Who.OPERATOR, Who.ADMIN, Who.RUNTIME);

    /** Who may run each operation. Add every new operation here, with the roles the README's "Access control" gives it. */
    static final Map<String, Set<Who>> EXPECTED = Map.ofEntries(
            Map.entry("Query.agent", PEOPLE),
            Map.entry("Query.agents", PEOPLE),
            Map.entry("Query.version", PEOPLE),
            Map.entry("Query.diff", PEOPLE),
            Map.entry("Query.deployment", PEOPLE),
            Map.entry("Query.deployments", PEOPLE),
            Map.entry("Query.route", PEOPLE_AND_RUNTIMES),
            Map.entry("Query.canaryComparison", PEOPLE),
            Map.entry("Query.rollbackStats", PEOPLE),
            Map.entry("Query.viewer", PEOPLE),
            Map.entry("Query.demo", PEOPLE),
            Map.entry("Query.auditLog", OPERATORS),
            Map.entry("Query.apiTokens", ADMINS),
            Map.entry("Mutation.createAgent", ADMINS),
            Map.entry("Mutation.createVersion", ADMINS),
            Map.entry("Mutation.deploy", OPERATORS),
            Map.entry("Mutation.startRollout", OPERATORS),
            Map.entry("Mutation.advanceRollout", OPERATORS),
            Map.entry("Mutation.promote", OPERATORS),
            Map.entry("Mutation.pauseRollout", OPERATORS),
            Map.entry("Mutation.resumeRollout", OPERATORS),
            Map.entry("Mutation.rollback", OPERATORS),
            Map.entry("Mutation.acknowledgeConfig", RUNTIMES),
            Map.entry("Mutation.reportOutcomes", EnumSet.of(Who.RUNTIME, Who.ADMIN)),
            Map.entry("Mutation.createApiToken", ADMINS),
            Map.entry("Mutation.revokeApiToken", ADMINS),
            Map.entry("Query.slackUsers", ADMINS),
            Map.entry("Mutation.linkSlackUser", ADMINS),
            Map.entry("Mutation.unlinkSlackUser", ADMINS),
            Map.entry("Mutation.setSlackWebhook", ADMINS),
            Map.entry("Query.validateRule", PEOPLE),
            Map.entry("Query.alerts", PEOPLE),
            Map.entry("Mutation.createRule", OPERATORS),
            Map.entry("Mutation.updateRule", OPERATORS),
            Map.entry("Mutation.deleteRule", OPERATORS),
            Map.entry("Mutation.setDefaultRules", OPERATORS),
            Map.entry("Mutation.acknowledgeAlert", OPERATORS),
            Map.entry("Query.drills", PEOPLE),
            Map.entry("Query.drill", PEOPLE),
            Map.entry("Query.drillSchedule", PEOPLE),
            Map.entry("Mutation.runRollbackDrill", OPERATORS),
            Map.entry("Mutation.setDrillSchedule", ADMINS),
            Map.entry("Subscription.alerts", PEOPLE),
            Map.entry("Query.protectedEnvironments", PEOPLE),
            Map.entry("Query.freezes", PEOPLE),
            Map.entry("Query.changeRequests", PEOPLE),
            Map.entry("Query.changeRequest", PEOPLE),
            Map.entry("Mutation.protectEnvironment", ADMINS),
            Map.entry("Mutation.unprotectEnvironment", ADMINS),
            Map.entry("Mutation.createFreeze", ADMINS),
            Map.entry("Mutation.deleteFreeze", ADMINS),
            Map.entry("Mutation.requestChange", OPERATORS),
            Map.entry("Mutation.approveChange", OPERATORS),
            Map.entry("Mutation.rejectChange", OPERATORS),
            Map.entry("Mutation.promoteEnvironment", OPERATORS),
            // test-only operation without an access rule (FailClosedProbe): nobody
            Map.entry("Mutation.failClosedProbe", EnumSet.noneOf(Who.class)),
            Map.entry("Subscription.configChanged", PEOPLE_AND_RUNTIMES),
            Map.entry("Subscription.deploymentChanged", PEOPLE),
            Map.entry("Subscription.canaryComparison", PEOPLE));

    /** Who may call each plain HTTP endpoint (AccessPolicy's HTTP rules), written here by hand as well. */
    static final Map<String, Set<Who>> HTTP_EXPECTED = Map.of(
            AccessPolicy.HTTP_CONFIG, EnumSet.of(Who.RUNTIME, Who.ADMIN),
            AccessPolicy.HTTP_CONFIG_STREAM, EnumSet.of(Who.RUNTIME, Who.ADMIN),
            AccessPolicy.HTTP_ACKNOWLEDGEMENTS, RUNTIMES,
            AccessPolicy.HTTP_OUTCOMES, EnumSet.of(Who.RUNTIME, Who.ADMIN),
            AccessPolicy.HTTP_OTLP_TRACES, EnumSet.of(Who.RUNTIME, Who.ADMIN));

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final short FORBIDDEN_CLOSE = 4403;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    TestClock clock;

    @Inject
    AlertFeed alerts;

    private final Map<Who, String> tokens = new EnumMap<>(Who.class);
    private String agent;
    private String rolloutId;

    @BeforeEach
    void callers() {
        tokens.put(Who.VIEWER, Tokens.of(Role.VIEWER));
        tokens.put(Who.OPERATOR, Tokens.of(Role.OPERATOR));
        tokens.put(Who.ADMIN, Tokens.admin());
        tokens.put(Who.RUNTIME, Tokens.of(Role.RUNTIME));
        Tokens.Created revoked = Tokens.create(Fixtures.uniqueSlug("matrix-revoked"), Role.ADMIN, null);
        execute("revokeApiToken", Map.of("id", revoked.id())).body("errors", nullValue());
        tokens.put(Who.REVOKED, revoked.secret());
        tokens.put(Who.EXPIRED, Tokens.create(Fixtures.uniqueSlug("matrix-expired"), Role.ADMIN,
                clock.instant().plus(1, ChronoUnit.HOURS)).secret());
        agent = Fixtures.agentWithVersions("matrix", 2);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .body("errors", nullValue());
        // a running rollout of its own, for the operations that name one (canaryComparison)
        String rolloutAgent = Fixtures.agentWithVersions("matrix-rollout", 2);
        execute("deploy", Map.of("agent", rolloutAgent, "environment", "production", "version", 1))
                .body("errors", nullValue());
        rolloutId = execute("startRollout", Map.of("agent", rolloutAgent, "environment", "production", "version", 2,
                "weight", 10)).body("errors", nullValue()).extract().path("data.startRollout.rolloutId");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everyOperationOfTheSchemaHasAnExpectation() {
        Set<String> inSchema = new TreeSet<>(operations().stream().map(Call::key).toList());
        assertThat(inSchema)
                .as("operations of the live schema without an entry in RoleMatrixTest.EXPECTED (decide who may run "
                        + "them, in AccessPolicy and here)")
                .isSubsetOf(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).as("expectations for operations no longer in the schema")
                .isSubsetOf(inSchema);
    }

    @Test
    void queriesAndMutationsAnswerEveryCallerAsExpected() {
        List<String> mismatches = new ArrayList<>();
        for (Call call : operations()) {
            if (call.type().equals("Subscription")) {
                continue;
            }
            for (Who who : Who.values()) {
                if (who == Who.EXPIRED) {
                    clock.advance(Duration.ofHours(2));
                }
                try {
                    String outcome = outcome(call, who);
                    String expected = expected(call, who);
                    if (!expected.equals(outcome)) {
                        mismatches.add(call.key() + " as " + who + ": expected " + expected + ", got " + outcome);
                    }
                } finally {
                    clock.reset();
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(FailClosedProbe.INVOCATIONS).as("the operation without a rule never ran").hasValue(0);
    }

    @Test
    void subscriptionsAnswerEveryCallerAsExpectedOverWebSocket() throws Exception {
        for (Call call : operations()) {
            if (!call.type().equals("Subscription")) {
                continue;
            }
            for (Who who : List.of(Who.VIEWER, Who.OPERATOR, Who.ADMIN, Who.RUNTIME, Who.NONE)) {
                try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base,
                        who == Who.NONE ? null : tokens.get(who))) {
                    socket.subscribeText(call.document(), call.variables());
                    String expected = expected(call, who);
                    if (expected.equals("ALLOWED")) {
                        JsonObject first = firstEvent(socket, call);
                        assertThat(first.getString("type")).as(call.key() + " as " + who + ": " + first)
                                .isEqualTo("next");
                        assertThat(first.getJsonObject("payload").getValue("errors")).as(first.encode()).isNull();
                    } else {
                        JsonObject refused = socket.next(WAIT);
                        assertThat(refused.getString("type")).as(call.key() + " as " + who).isEqualTo("error");
                        assertThat(refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions")
                                .getString("code")).as(call.key() + " as " + who).isEqualTo(expected);
                    }
                }
            }
            for (Who who : List.of(Who.REVOKED, Who.EXPIRED)) {
                if (who == Who.EXPIRED) {
                    clock.advance(Duration.ofHours(2));
                }
                try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, base,
                        Map.of("authorization", "Bearer " + tokens.get(who)))) {
                    assertThat(socket.awaitClose(WAIT)).as(call.key() + " as " + who).isEqualTo(FORBIDDEN_CLOSE);
                } finally {
                    clock.reset();
                }
            }
        }
    }

    @Test
    void httpEndpointsAnswerEveryCallerAsExpected() throws Exception {
        assertThat(AccessPolicy.rules().keySet().stream().filter(rule -> rule.type() == OperationType.HTTP)
                .map(AccessPolicy.Operation::name)).as("HTTP rules of AccessPolicy with an expectation here")
                .containsExactlyInAnyOrderElementsOf(HTTP_EXPECTED.keySet());
        List<String> mismatches = new ArrayList<>();
        for (String endpoint : HTTP_EXPECTED.keySet()) {
            for (Who who : Who.values()) {
                if (who == Who.EXPIRED) {
                    clock.advance(Duration.ofHours(2));
                }
                try {
                    String expected = who == Who.NONE || who == Who.REVOKED || who == Who.EXPIRED
                            ? "UNAUTHENTICATED" : HTTP_EXPECTED.get(endpoint).contains(who) ? "ALLOWED" : "FORBIDDEN";
                    String outcome = httpOutcome(endpoint, who == Who.NONE ? null : tokens.get(who));
                    if (!expected.equals(outcome)) {
                        mismatches.add(endpoint + " as " + who + ": expected " + expected + ", got " + outcome);
                    }
                } finally {
                    clock.reset();
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * Operations a token limited to other agents and environments may still run: reads (not limited by a scope),
     * and the operations that check the scope themselves once they know what they act on (an empty outcome batch,
     * change requests and freezes named by an id that does not exist: NOT_FOUND).
     */
    static final Set<String> OPEN_TO_ANY_SCOPE = Set.of("Mutation.reportOutcomes", "Mutation.approveChange",
            "Mutation.rejectChange", "Mutation.deleteFreeze");

    /**
     * Scopes, across the whole schema: an ADMIN token limited to agents matrix-scoped-* in staging may still read
     * everything, but every mutation and route() on the matrix's agents in production is FORBIDDEN, naming the
     * scope; createApiToken too, since the new token would not be limited. The token's full-scope twin runs them.
     */
    @Test
    void aTokenLimitedToOtherAgentsAndEnvironmentsIsRefusedEveryChangeAndRoute() {
        Map<String, Object> variables = new HashMap<>(Map.of("name", Fixtures.uniqueSlug("matrix-scoped"),
                "role", "ADMIN", "agents", List.of("matrix-scoped-*"), "environments", List.of("staging")));
        String scoped = execute("createScopedApiToken", variables).body("errors", nullValue()).extract()
                .path("data.createApiToken.secret");
        List<String> mismatches = new ArrayList<>();
        for (Call call : operations()) {
            if (call.type().equals("Subscription") || call.name().equals("failClosedProbe")) {
                continue;
            }
            boolean adminMay = EXPECTED.get(call.key()).contains(Who.ADMIN);
            boolean limited = call.type().equals("Mutation") || call.name().equals("route");
            String expected = !adminMay || limited && !OPEN_TO_ANY_SCOPE.contains(call.key()) ? "FORBIDDEN"
                    : "ALLOWED";
            Response response = request(scoped).body(Map.of("query", call.document(), "variables",
                    call.variables())).post("/graphql");
            String outcome = outcome(response, call.name());
            if (!expected.equals(outcome)) {
                mismatches.add(call.key() + ": expected " + expected + ", got " + outcome);
            } else if (adminMay && outcome.equals("FORBIDDEN")) {
                String message = response.jsonPath().getString("errors[0].message");
                if (!message.contains("matrix-scoped-*")) {
                    mismatches.add(call.key() + ": the refusal does not name the scope: " + message);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** ALLOWED unless the endpoint answered 401 or 403, whose code it then is. */
    private String httpOutcome(String endpoint, String token) throws Exception {
        String path = endpoint.substring(endpoint.indexOf(' ') + 1).replace("{agent}", agent)
                .replace("{environment}", "production");
        int status;
        String body;
        if (endpoint.equals(AccessPolicy.HTTP_CONFIG_STREAM)) {
            try (SseClient stream = SseClient.open(base.resolve(path), token, Map.of())) {
                status = stream.status();
            }
            body = status == 200 ? "" : SseClient.get(base.resolve(path), token, Map.of()).body();
        } else {
            io.restassured.specification.RequestSpecification request = request(token);
            Response response = endpoint.startsWith("GET ") ? request.get(path)
                    : endpoint.equals(AccessPolicy.HTTP_OUTCOMES) ? request.contentType("application/x-ndjson")
                            .body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(path)
                    : endpoint.equals(AccessPolicy.HTTP_OTLP_TRACES) ? request.contentType("application/json")
                            .body("{\"resourceSpans\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(path)
                    : request.body(Map.of("generation", 1, "runtimeId", "matrix")).post(path);
            status = response.statusCode();
            body = response.asString();
        }
        if ((status == 401 || status == 403) && new JsonObject(body).containsKey("details")) {
            // OTLP answers a google.rpc.Status (unless the bearer check refused first); ErrorInfo's reason is the code
            return new JsonObject(body).getJsonArray("details").getJsonObject(0).getString("reason");
        }
        if (status == 401 || status == 403) {
            JsonObject error = new JsonObject(body);
            if (error.containsKey("errors")) {
                return error.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code");
            }
            // OTLP answers a google.rpc.Status whose message starts with the project's code ("FORBIDDEN: …")
            String message = error.getString("message");
            return message.substring(0, message.indexOf(':'));
        }
        return "ALLOWED";
    }

    @Test
    void refusedMutationsChangeNothing() {
        String name = Fixtures.uniqueSlug("refused");
        Map<String, Object> token = new HashMap<>(Map.of("name", name, "role", "ADMIN"));
        token.put("expiresAt", null);
        assertThat(outcome(tokens.get(Who.OPERATOR), "createApiToken", token)).isEqualTo("FORBIDDEN");
        assertThat(execute("apiTokens", Map.of()).extract().jsonPath().getList("data.apiTokens.name"))
                .doesNotContain(name);

        assertThat(outcome(tokens.get(Who.VIEWER), "rollback", Map.of("agent", agent, "environment", "production")))
                .isEqualTo("FORBIDDEN");
        assertThat(outcome(tokens.get(Who.RUNTIME), "deploy", Map.of("agent", agent, "environment", "production",
                "version", 2))).isEqualTo("FORBIDDEN");
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(1))
                .body("data.deployment.stableVersion", equalTo(1));

        String slug = Fixtures.uniqueSlug("never");
        assertThat(outcome(tokens.get(Who.OPERATOR), "createAgent", Map.of("input", Map.of("slug", slug,
                "name", "Never")))).isEqualTo("FORBIDDEN");
        execute("agent", Map.of("slug", slug)).body("errors[0].extensions.code", equalTo("NOT_FOUND"));

        Tokens.Created victim = Tokens.create(Fixtures.uniqueSlug("victim"), Role.VIEWER, null);
        assertThat(outcome(tokens.get(Who.OPERATOR), "revokeApiToken", Map.of("id", victim.id())))
                .isEqualTo("FORBIDDEN");
        request(victim.secret()).body(Map.of("query", "{ agents(first: 1) { edges { cursor } } }"))
                .post("/graphql").then().statusCode(200).body("errors", nullValue());
    }

    private List<Call> operations() {
        JsonObject schema = new JsonObject(execute("introspection", Map.of()).body("errors", nullValue())
                .extract().asString()).getJsonObject("data").getJsonObject("__schema");
        Map<String, Function<String, Object>> overrides = new HashMap<>();
        // subscriptions follow a real deployment, so that an allowed one shows by its events
        overrides.put("agent", operation -> operation.endsWith("Changed") ? agent : Fixtures.uniqueSlug("matrix"));
        // rules for a whole environment would hold every other test's production: those get one of their own
        overrides.put("environment", operation -> operation.equals("protectEnvironment")
                || operation.equals("createFreeze") || operation.equals("unprotectEnvironment")
                ? Fixtures.uniqueSlug("matrix-env") : "production");
        overrides.put("rolloutId", operation -> rolloutId);
        return new SchemaOperations(schema, overrides).calls();
    }

    /** ALLOWED when the resolver ran (whatever its answer), else the refusal's code. */
    private String outcome(Call call, Who who) {
        Response response = request(who == Who.NONE ? null : tokens.get(who))
                .body(Map.of("query", call.document(), "variables", call.variables()))
                .post("/graphql");
        return outcome(response, call.name());
    }

    private static String outcome(String token, String document, Map<String, Object> variables) {
        Response response = request(token)
                .body(Map.of("query", dev.tightrope.testing.GraphQLClient.load(document), "variables", variables))
                .post("/graphql");
        return outcome(response, document);
    }

    private static String outcome(Response response, String field) {
        if (response.statusCode() == 401) {
            return response.jsonPath().getString("errors[0].extensions.code");
        }
        assertThat(response.statusCode()).as(field).isEqualTo(200);
        List<Map<String, Object>> errors = response.jsonPath().getList("errors");
        if (errors != null) {
            for (Map<String, Object> error : errors) {
                Object code = ((Map<?, ?>) error.get("extensions")).get("code");
                if ("FORBIDDEN".equals(code) || "UNAUTHENTICATED".equals(code)) {
                    assertThat(response.jsonPath().getMap("data") == null
                            || response.jsonPath().get("data." + field) == null).as("no data for " + field).isTrue();
                    return (String) code;
                }
            }
        }
        return "ALLOWED";
    }

    private static String expected(Call call, Who who) {
        Set<Who> allowed = EXPECTED.get(call.key());
        if (allowed == null) {
            return "NO EXPECTATION";
        }
        if (who == Who.NONE || who == Who.REVOKED || who == Who.EXPIRED) {
            return "UNAUTHENTICATED";
        }
        return allowed.contains(who) ? "ALLOWED" : "FORBIDDEN";
    }

    /**
     * An allowed subscription's first message: configChanged sends one at once, deploymentChanged on a change,
     * alerts when an alert changes (one is published straight to the feed: what alerts carry is tested elsewhere).
     */
    private JsonObject firstEvent(GraphQLWebSocket socket, Call call) throws InterruptedException {
        if (call.name().equals("alerts")) {
            Alert alert = new Alert(0, 0, 1, "IF error_rate > 5% THEN alert", 0, agent, "production", 1,
                    "WARNING", "FIRING", 0.1, "> 5%", null, 100, 1, "ALERT", null, clock.instant(), null, null, null);
            await().atMost(WAIT).until(() -> {
                alerts.publish(AlertFeed.Change.FIRED, alert);
                return socket.hasPending();
            });
        }
        if (call.name().equals("deploymentChanged")) {
            AtomicInteger version = new AtomicInteger(1);
            await().atMost(WAIT).until(() -> {
                int next = version.get() == 1 ? 2 : 1;
                execute("deploy", Map.of("agent", agent, "environment", "production", "version", next));
                version.set(next);
                return socket.hasPending();
            });
        }
        return socket.next(WAIT);
    }
}
