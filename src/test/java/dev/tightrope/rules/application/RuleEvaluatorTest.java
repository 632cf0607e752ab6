package dev.tightrope.rules.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.governance.GovernanceFixtures;
import dev.tightrope.rules.domain.Alert;
import dev.tightrope.telemetry.http.OutcomeRoutes;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.OutcomeReports;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Trigger rules end to end, with a controlled clock and a simulated runtime reporting over the NDJSON endpoint,
 * the evaluator driven pass by pass as the scheduler would every 5 s.
 */
@QuarkusTest
class RuleEvaluatorTest {

    private static final String ENV = "production";
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    @Inject
    TestClock clock;

    @Inject
    RuleEvaluator evaluator;

    @Inject
    Vertx vertx;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theSeedsRollbackRuleActsTwoMinutesAfterTheOnsetAndNotAnIntervalLater() throws Exception {
        String agent = Fixtures.agentWithVersions("rules-detect", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
        // healthy traffic first, then 30 % errors from t0
        report(agent, 2, 100, 0.01);
        clock.advance(Duration.ofSeconds(30));
        Instant t0 = clock.instant();
        long t0Nanos = System.nanoTime();
        Instant rolledBackAt = null;
        Duration realTime = Duration.ZERO;
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribeText("a", GraphQLClient.load("alertsChanged"), Map.of("agent", agent));
            for (int tick = 0; tick <= 40 && rolledBackAt == null; tick++) {
                report(agent, 2, 60, 0.30);
                evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
                if (stableVersion(agent) == 1) {
                    rolledBackAt = clock.instant();
                    realTime = Duration.ofNanos(System.nanoTime() - t0Nanos);
                }
                clock.advance(INTERVAL);
            }
            assertThat(rolledBackAt).as("rolled back within the run").isNotNull();
            // the test clock runs with the real one: the passes' own running time (seconds on a loaded machine) is
            // part of the clock's time since t0, so the bound of one interval of simulated time allows for it
            assertThat(rolledBackAt).isAfterOrEqualTo(t0.plus(Duration.ofMinutes(2)))
                    .isBeforeOrEqualTo(t0.plus(Duration.ofMinutes(2)).plus(INTERVAL).plus(realTime));

            JsonObject fired = socket.nextData(Duration.ofSeconds(10)).getJsonObject("alerts");
            assertThat(fired.getString("change")).isEqualTo("FIRED");
            assertThat(fired.getJsonObject("alert").getString("rule"))
                    .isEqualTo("IF error_rate > 15% FOR 2m THEN rollback");
            JsonObject acted = socket.nextData(Duration.ofSeconds(10)).getJsonObject("alerts");
            assertThat(acted.getString("change")).isEqualTo("ACTED");
            assertThat(acted.getJsonObject("alert").getString("actionOutcome")).isEqualTo("DONE");

            JsonPath history = execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                    .extract().jsonPath();
            assertThat(history.getString("data.deployment.events.edges[0].node.trigger")).isEqualTo("RULE");
            assertThat(history.getString("data.deployment.events.edges[0].node.type")).isEqualTo("ROLLED_BACK");
            assertThat(history.getString("data.deployment.events.edges[0].node.reason"))
                    .contains("IF error_rate > 15% FOR 2m THEN rollback").contains("error_rate 30.0%")
                    .contains("of v2");

            JsonPath alerts = execute("alerts", Map.of("agent", agent, "state", "FIRING")).body("errors", nullValue())
                    .extract().jsonPath();
            assertThat(alerts.getList("data.alerts.edges.node.rule", String.class))
                    .contains("IF error_rate > 15% FOR 2m THEN rollback");
            Map<String, Object> rollbackAlert = alerts.getMap(
                    "data.alerts.edges.find { it.node.rule.contains('15%') }.node");
            assertThat(rollbackAlert.get("actionOutcome")).isEqualTo("DONE");
            assertThat(rollbackAlert.get("version")).isEqualTo(2);
            assertThat((Float) rollbackAlert.get("value")).isCloseTo(0.30f, org.assertj.core.data.Offset.offset(0.02f));

            // acknowledged once, live
            String alertId = (String) rollbackAlert.get("id");
            execute("acknowledgeAlert", Map.of("id", alertId)).body("errors", nullValue())
                    .body("data.acknowledgeAlert.acknowledgedBy", equalTo("token:bootstrap-admin"));
            JsonObject acknowledged = nextOf(socket, "ACKNOWLEDGED");
            assertThat(acknowledged.getJsonObject("alert").getString("id")).isEqualTo(alertId);
            execute("acknowledgeAlert", Map.of("id", alertId)).body("errors[0].extensions.code", equalTo("CONFLICT"));

            // v1 is healthy: the alert resolves; the deployment is not rolled back again
            clock.advance(Duration.ofSeconds(20));
            report(agent, 1, 60, 0.0);
            evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
            execute("alerts", Map.of("agent", agent, "state", "RESOLVED"))
                    .body("data.alerts.edges.find { it.node.id == '" + alertId + "' }.node.resolvedAt",
                            org.hamcrest.Matchers.notNullValue());
            assertThat(stableVersion(agent)).isEqualTo(1);
        }
    }

    @Test
    void twoEvaluatorsAtOnceActOnceAndTooFewSamplesNeverFire() {
        String agent = Fixtures.agentWithVersions("rules-once", 2);
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", "IF error_rate > 15% THEN rollback"))
                .body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
        clock.advance(Duration.ofSeconds(10));
        report(agent, 2, 19, 0.5);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(stableVersion(agent)).as("19 outcomes are below MIN_SAMPLES 20").isEqualTo(2);

        report(agent, 2, 20, 0.5);
        List<RuleEvaluator.Pass> passes = Uni.join().all(evaluator.runOnce(), evaluator.runOnce()).andFailFast()
                .await().atMost(Duration.ofSeconds(30));
        assertThat(passes).filteredOn(RuleEvaluator.Pass::evaluated).as("at least one of the two evaluated")
                .isNotEmpty();
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(stableVersion(agent)).isEqualTo(1);
        JsonPath history = execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                .extract().jsonPath();
        assertThat(history.getList("data.deployment.events.edges.node.trigger", String.class)
                .stream().filter("RULE"::equals)).as("one rollback by the rule").hasSize(1);
        JsonPath alerts = execute("alerts", Map.of("agent", agent)).extract().jsonPath();
        assertThat(alerts.getList("data.alerts.edges.node.id")).as("one firing, one alert").hasSize(1);
    }

    @Test
    void aModelOnlyRegressionFallsBackToTheDeclaredVersion() {
        // the seed's second scenario: the provider's model regresses; v2 changes only MODEL, v3 is a later prompt fix
        String agent = Fixtures.agentWithVersions("rules-model", 1);
        execute("createVersion", Map.of("input", Map.of("agent", agent, "message", "move to gpt-4.1",
                "model", Fixtures.model("gpt-4.1")))).body("errors", nullValue())
                .body("data.createVersion.model.number", equalTo(2))
                .body("data.createVersion.prompt.number", equalTo(1));
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression",
                "IF error_rate > 30% FOR 1m THEN fallback TO VERSION 1")).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
        for (int tick = 0; tick < 20 && stableVersion(agent) == 2; tick++) {
            report(agent, 2, 40, 0.45);
            evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
            clock.advance(INTERVAL);
        }
        assertThat(stableVersion(agent)).isEqualTo(1);
        JsonPath history = execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                .extract().jsonPath();
        assertThat(history.getString("data.deployment.events.edges[0].node.trigger")).isEqualTo("RULE");
        assertThat(history.getInt("data.deployment.events.edges[0].node.toVersion")).isEqualTo(1);
        assertThat(history.getString("data.deployment.events.edges[0].node.reason"))
                .contains("fallback TO VERSION 1").contains("error_rate 45.0%");
    }

    /**
     * A rule's canonical text is what is stored and read back. {@code 1/h} was kept as 0.0002777777777777778, which
     * the parser refused (over 18 characters): the agent's rules could no longer be listed, and none of them, the
     * rollback rule included, was evaluated again. Now the canonical text keeps the unit, and a stored rule that
     * cannot be read (one left from before) is left out alone.
     */
    @Test
    void aRuleThatCannotBeReadBackNeverStopsTheAgentsOtherRules() {
        String agent = Fixtures.agentWithVersions("rules-unreadable", 2);
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", "IF request_rate < 1/h THEN alert"))
                .body("errors", nullValue())
                .body("data.createRule.expression", equalTo("IF request_rate < 1/h THEN alert"));
        execute("createRule", Map.of("agent", agent, "expression", "IF error_rate > 15% THEN rollback")).body(
                "errors", nullValue());
        // a rule stored by an older version, whose canonical text and source no longer read
        assertThat(dev.tightrope.testing.DatabaseProbe.update("insert into rule (agent_id, revision, source, "
                + "canonical, origin, created_at, created_by, updated_at) select id, 1, 'IF error_rate > 1 THEN "
                + "alert', 'IF error_rate > 1 THEN alert', 'USER', now(), 'test', now() from agent where slug = ?",
                agent)).isEqualTo(1);
        execute("agentRules", Map.of("slug", agent)).body("errors", nullValue())
                .body("data.agent.rules.expression", org.hamcrest.Matchers.containsInAnyOrder(
                        "IF request_rate < 1/h THEN alert", "IF error_rate > 15% THEN rollback"));
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
        report(agent, 2, 60, 0.40);
        double leftOut = registry.counter("tightrope.rules.unreadable").count();
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(stableVersion(agent)).as("the rollback rule still acts").isEqualTo(1);
        assertThat(registry.counter("tightrope.rules.unreadable").count()).as("and the one left out is counted")
                .isGreaterThan(leftOut);
        dev.tightrope.testing.DatabaseProbe.update("update rule set deleted_at = now(), deleted_by = 'test' "
                + "where source = 'IF error_rate > 1 THEN alert' and agent_id = (select id from agent where slug = ?)",
                agent); // the later passes of this class need not log it
    }

    /**
     * A fallback to a version that never ran in a protected environment would release it without approval: it is
     * held there and the rule rolls back instead; where nothing protects the environment the version goes live.
     */
    @Test
    void aFallbackToAVersionNeverLiveInAProtectedEnvironmentRollsBackInstead() {
        String agent = Fixtures.agentWithVersions("rules-guarded-fallback", 3);
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression",
                "IF error_rate > 30% FOR 1m THEN fallback TO VERSION 3")).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", "staging", "version", 2)).body("errors", nullValue());
        GovernanceFixtures.protect(agent, ENV, true, null, null);
        for (int tick = 0; tick < 20 && (stableVersion(agent) == 2 || stableVersion(agent, "staging") == 2); tick++) {
            report(agent, ENV, 2, 40, 0.45);
            report(agent, "staging", 2, 40, 0.45);
            evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
            clock.advance(INTERVAL);
        }
        assertThat(stableVersion(agent)).as("protected: back to the known-good version").isEqualTo(1);
        assertThat(stableVersion(agent, "staging")).as("unprotected: the declared version").isEqualTo(3);
        JsonPath history = execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                .extract().jsonPath();
        assertThat(history.getString("data.deployment.events.edges[0].node.trigger")).isEqualTo("RULE");
        assertThat(history.getString("data.deployment.events.edges[0].node.reason"))
                .contains("fallback TO VERSION 3").endsWith("[fallback to version 3 held: APPROVAL_REQUIRED; "
                        + "rolled back instead]");
        assertThat(history.getList("data.deployment.events.edges.node.toVersion", Integer.class))
                .as("version 3 never went live in production").doesNotContain(3);
        JsonPath alerts = execute("alerts", Map.of("agent", agent)).extract().jsonPath();
        Map<String, String> outcomes = new java.util.HashMap<>();
        for (int i = 0; i < alerts.getList("data.alerts.edges").size(); i++) {
            outcomes.put(alerts.getString("data.alerts.edges[" + i + "].node.environment"),
                    alerts.getString("data.alerts.edges[" + i + "].node.actionOutcome"));
        }
        assertThat(outcomes).containsEntry(ENV, "DONE (rollback instead: APPROVAL_REQUIRED)")
                .containsEntry("staging", "DONE");
    }

    @Test
    void withoutARolloutTheBaselineIsThePreviousVersionBeforeTheSwitch() {
        String agent = Fixtures.agentWithVersions("rules-baseline", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        report(agent, 1, 200, 0.0, 0.84);
        clock.advance(Duration.ofMinutes(10));
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)).body("errors", nullValue());
        clock.advance(Duration.ofSeconds(10));
        // completion 60 % against v1's 84 %: a drop of 29 %, beyond the default rule's 20 %, on its 100 samples
        report(agent, 2, 120, 0.0, 0.60);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(stableVersion(agent)).as("pending: the default rule waits FOR 1m").isEqualTo(2);
        clock.advance(Duration.ofMinutes(1));
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(stableVersion(agent)).isEqualTo(1);
        JsonPath history = execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                .extract().jsonPath();
        assertThat(history.getString("data.deployment.events.edges[0].node.reason"))
                .contains("IF task_completion_rate DROPS > 20% FOR 1m THEN rollback MIN_SAMPLES 100")
                .contains("task_completion_rate 60.0% against a baseline of 84.0%");
    }

    @Test
    void latencyPercentilesAndToolErrorRatesAreReadFromTheBuckets() {
        String agent = Fixtures.agentWithVersions("rules-p95", 1);
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", "IF p95_latency > 4s THEN alert"))
                .body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", "IF tool_error_rate(search) > 50% THEN disable_tool"))
                .body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", "IF p50_latency > 4s THEN alert"))
                .body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        clock.advance(Duration.ofSeconds(10));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // 10 % of requests take 6 s: p95 over 4 s, p50 under; the search tool fails 3 times in 4
            body.append(new JsonObject().put("agent", agent).put("environment", ENV).put("version", 1)
                    .put("arm", "STABLE").put("occurredAt", clock.instant().toString()).put("status", "SUCCESS")
                    .put("latencyMs", i % 10 == 0 ? 6_000 : 900)
                    .put("toolCalls", new io.vertx.core.json.JsonArray().add(new JsonObject().put("tool", "search")
                            .put("status", i % 4 == 0 ? "SUCCESS" : "ERROR").put("latencyMs", 50))).encode())
                    .append('\n');
        }
        given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("application/x-ndjson")
                .body(body.toString().getBytes(StandardCharsets.UTF_8)).when().post(OutcomeRoutes.PATH)
                .then().statusCode(200).body("accepted", equalTo(40));
        RuleEvaluator.Pass pass = evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(pass.fired()).filteredOn(alert -> alert.agent().equals(agent)).extracting(Alert::ruleSource)
                .containsExactlyInAnyOrder("IF p95_latency > 4s THEN alert",
                        "IF tool_error_rate(search) > 50% THEN disable_tool");
        JsonPath alerts = execute("alerts", Map.of("agent", agent)).extract().jsonPath();
        assertThat(alerts.getString("data.alerts.edges.find { it.node.rule.contains('search') }.node.actionOutcome"))
                .as("the breaker opened").isEqualTo("DONE");
        assertThat(alerts.getFloat("data.alerts.edges.find { it.node.rule.contains('search') }.node.value"))
                .isEqualTo(0.75f);
    }

    /**
     * Deleting a rule that just tripped is a natural reaction. Its alert is resolved then (it stayed FIRING for good),
     * and the breaker it opened still half-opens on time and closes, although its agent has no rule left (it stayed
     * OPEN for good: deployments without rules were not looked at).
     */
    @Test
    void aDeletedRulesAlertIsResolvedAndItsBreakerStillCloses() {
        String agent = Fixtures.agentWithVersions("rules-deleted-breaker", 1);
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        String rule = execute("createRule", Map.of("agent", agent, "expression",
                "IF tool_error_rate(search) > 50% THEN disable_tool")).body("errors", nullValue())
                .extract().path("data.createRule.id");
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        clock.advance(Duration.ofSeconds(10));
        reportToolCalls(agent, 40, 0.75);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(breakers(agent).getString("data.deployment.circuitBreakers[0].state")).isEqualTo("OPEN");

        execute("deleteRule", Map.of("id", rule)).body("errors", nullValue());
        JsonPath alert = execute("alerts", Map.of("agent", agent)).extract().jsonPath();
        assertThat(alert.getString("data.alerts.edges[0].node.state")).isEqualTo("RESOLVED");
        assertThat(alert.getString("data.alerts.edges[0].node.resolvedAt")).isNotNull();

        clock.advance(Duration.ofSeconds(61));
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(breakers(agent).getString("data.deployment.circuitBreakers[0].state")).isEqualTo("HALF_OPEN");
        for (int pass = 0; pass < 5 && !breakers(agent).getList("data.deployment.circuitBreakers").isEmpty(); pass++) {
            clock.advance(Duration.ofSeconds(61));
            evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        }
        assertThat(breakers(agent).getList("data.deployment.circuitBreakers")).as("closed").isEmpty();
        assertThat(disabledShare(agent)).isZero();
    }

    @Test
    void aFailingToolIsDisabledThenTriedByAShareOfKeysThenEnabledAgain() {
        String agent = Fixtures.agentWithVersions("rules-breaker", 1);
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", "IF tool_error_rate(search) > 50% THEN disable_tool"))
                .body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        clock.advance(Duration.ofSeconds(10));
        reportToolCalls(agent, 40, 0.75);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));

        JsonPath open = breakers(agent);
        assertThat(open.getString("data.deployment.circuitBreakers[0].tool")).isEqualTo("search");
        assertThat(open.getString("data.deployment.circuitBreakers[0].state")).isEqualTo("OPEN");
        assertThat(open.getString("data.deployment.events.edges[0].node.type")).isEqualTo("TOOL_DISABLED");
        assertThat(open.getString("data.deployment.events.edges[0].node.trigger")).isEqualTo("CIRCUIT_BREAKER");
        assertThat(disabledShare(agent)).as("every key").isEqualTo(1.0);
        // runtimes that route by themselves get the gate with the configuration
        given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                .when().get("/api/v1/agents/" + agent + "/environments/" + ENV + "/config")
                .then().statusCode(200).body("toolGates.search.state", equalTo("OPEN"))
                .body("toolGates.search.share", equalTo(0));

        clock.advance(Duration.ofSeconds(30));
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(breakers(agent).getString("data.deployment.circuitBreakers[0].state")).as("before 60 s")
                .isEqualTo("OPEN");
        clock.advance(Duration.ofSeconds(30));
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        JsonPath halfOpen = breakers(agent);
        assertThat(halfOpen.getString("data.deployment.circuitBreakers[0].state")).isEqualTo("HALF_OPEN");
        assertThat(halfOpen.getInt("data.deployment.circuitBreakers[0].share")).isEqualTo(10);
        assertThat(disabledShare(agent)).as("about 90 % of keys still without the tool").isBetween(0.80, 0.97);

        // the share that may use it calls it successfully: the breaker closes
        clock.advance(Duration.ofSeconds(10));
        reportToolCalls(agent, 25, 0.0);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        JsonPath closed = breakers(agent);
        assertThat(closed.getList("data.deployment.circuitBreakers")).isEmpty();
        assertThat(closed.getString("data.deployment.events.edges[0].node.type")).isEqualTo("TOOL_ENABLED");
        assertThat(closed.getString("data.deployment.events.edges[0].node.reason"))
                .contains("closed: tool_error_rate(search) 0.0% on 25 calls since it half-opened");
        assertThat(disabledShare(agent)).isZero();
        // the alert of the firing that opened the breaker follows it, and resolves when it closes
        JsonPath alert = execute("alerts", Map.of("agent", agent)).extract().jsonPath();
        assertThat(alert.getString("data.alerts.edges[0].node.actionOutcome")).isEqualTo("BREAKER CLOSED");
        assertThat(alert.getString("data.alerts.edges[0].node.state")).isEqualTo("RESOLVED");
    }

    @Test
    void aToolStillFailingWhenHalfOpenIsDisabledAgain() {
        String agent = Fixtures.agentWithVersions("rules-reopen", 1);
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", "IF tool_error_rate(search) > 50% THEN disable_tool"))
                .body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        clock.advance(Duration.ofSeconds(10));
        reportToolCalls(agent, 40, 0.9);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(60));
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(breakers(agent).getString("data.deployment.circuitBreakers[0].state")).isEqualTo("HALF_OPEN");
        clock.advance(Duration.ofSeconds(10));
        reportToolCalls(agent, 20, 0.9);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        JsonPath reopened = breakers(agent);
        assertThat(reopened.getString("data.deployment.circuitBreakers[0].state")).isEqualTo("OPEN");
        assertThat(reopened.getString("data.deployment.events.edges[0].node.reason")).contains("open again");
    }

    private static JsonPath breakers(String agent) {
        return execute("deploymentBreakers", Map.of("agent", agent, "environment", ENV)).body("errors", nullValue())
                .extract().jsonPath();
    }

    /** The share of 100 routing keys whose route() lists search as disabled (the same keys every time). */
    private static double disabledShare(String agent) {
        int disabled = 0;
        for (int i = 0; i < 100; i++) {
            List<String> tools = execute("route", Map.of("agent", agent, "environment", ENV, "routingKey",
                    "customer-" + i)).body("errors", nullValue()).extract().jsonPath()
                    .getList("data.route.disabledTools", String.class);
            if (tools.contains("search")) {
                disabled++;
            }
        }
        return disabled / 100.0;
    }

    private void reportToolCalls(String agent, int count, double failing) {
        OutcomeReports.reportToolCalls(clock, agent, ENV, 1, "search", count, failing);
    }

    private static int stableVersion(String agent) {
        return stableVersion(agent, ENV);
    }

    private static int stableVersion(String agent, String environment) {
        return execute("deployment", Map.of("agent", agent, "environment", environment, "first", 1)).extract()
                .jsonPath().getInt("data.deployment.stableVersion");
    }

    private static JsonObject nextOf(GraphQLWebSocket socket, String change) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            JsonObject event = socket.nextData(Duration.ofSeconds(10)).getJsonObject("alerts");
            if (change.equals(event.getString("change"))) {
                return event;
            }
        }
        throw new AssertionError("no " + change + " event");
    }

    private void report(String agent, int version, int count, double errorRate) {
        report(agent, ENV, version, count, errorRate);
    }

    private void report(String agent, String environment, int version, int count, double errorRate) {
        OutcomeReports.report(clock, agent, environment, version, count, errorRate);
    }

    private void report(String agent, int version, int count, double errorRate, double completion) {
        OutcomeReports.report(clock, agent, ENV, version, "STABLE", count, errorRate, completion);
    }
}
