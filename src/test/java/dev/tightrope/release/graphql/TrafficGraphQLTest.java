package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class TrafficGraphQLTest {

    private static final String ENV = "production";

    @Test
    void deployMakesAVersionStableAndRouteServesItsFullConfiguration() {
        String agent = Fixtures.agentWithVersions("deploy", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1, "reason", "first release"))
                .body("errors", nullValue())
                .body("data.deploy.type", equalTo("DEPLOYED"))
                .body("data.deploy.generation", equalTo(1))
                .body("data.deploy.fromVersion", nullValue())
                .body("data.deploy.toVersion", equalTo(1))
                .body("data.deploy.trigger", equalTo("API"))
                .body("data.deploy.actor", equalTo("token:bootstrap-admin"))
                .body("data.deploy.reason", equalTo("first release"))
                .body("data.deploy.committedAt", notNullValue());

        execute("route", Map.of("agent", agent, "environment", ENV, "routingKey", "user-1"))
                .body("errors", nullValue())
                .body("data.route.version", equalTo(1))
                .body("data.route.arm", equalTo("STABLE"))
                .body("data.route.generation", equalTo(1))
                .body("data.route.rolloutId", nullValue())
                .body("data.route.prompt.system", equalTo("prompt of version 1"))
                .body("data.route.model.modelId", equalTo("gpt-4o"))
                .body("data.route.tools.tools[0].name", equalTo("search"))
                .body("data.route.knowledgeBase.indexId", equalTo("kb-orders"))
                .body("data.route.disabledTools", equalTo(List.of()));

        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2))
                .body("data.deploy.generation", equalTo(2))
                .body("data.deploy.fromVersion", equalTo(1));
        execute("route", Map.of("agent", agent, "environment", ENV))
                .body("data.route.version", equalTo(2))
                .body("data.route.prompt.system", equalTo("prompt of version 2"));
        execute("agentDeployments", Map.of("slug", agent))
                .body("data.agent.deployments.environment", equalTo(List.of(ENV)))
                .body("data.agent.deployment.stableVersion", equalTo(2));
    }

    @Test
    void canaryLifecycleIsStickyAndEndsInPromotion() {
        String agent = Fixtures.agentWithVersions("canary", 2);
        deploy(agent, 1);
        JsonPath started = execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2,
                "weight", 5)).body("errors", nullValue()).extract().jsonPath();
        assertThat(started.getString("data.startRollout.type")).isEqualTo("ROLLOUT_STARTED");
        assertThat(started.getInt("data.startRollout.weightAfter")).isEqualTo(5);
        String rolloutId = started.getString("data.startRollout.rolloutId");
        assertThat(rolloutId).isNotNull();

        List<String> keys = IntStream.range(0, 200).mapToObj(i -> "user-" + i).toList();
        Map<String, String> armsAt5 = arms(agent, keys);
        long canaryAt5 = armsAt5.values().stream().filter("CANARY"::equals).count();
        assertThat(canaryAt5).as("about 5 %% of 200 keys").isBetween(2L, 25L);
        assertThat(arms(agent, keys)).as("sticky: same key, same arm").isEqualTo(armsAt5);

        execute("advanceRollout", Map.of("agent", agent, "environment", ENV, "weight", 25))
                .body("data.advanceRollout.type", equalTo("ROLLOUT_ADVANCED"))
                .body("data.advanceRollout.weightBefore", equalTo(5))
                .body("data.advanceRollout.weightAfter", equalTo(25));
        Map<String, String> armsAt25 = arms(agent, keys);
        armsAt5.forEach((key, arm) -> {
            if (arm.equals("CANARY")) {
                assertThat(armsAt25.get(key)).as("raising the weight keeps " + key + " on the canary")
                        .isEqualTo("CANARY");
            }
        });
        assertThat(armsAt25.values().stream().filter("CANARY"::equals).count()).isGreaterThan(canaryAt5);

        execute("route", Map.of("agent", agent, "environment", ENV, "routingKey", firstCanary(armsAt25)))
                .body("data.route.version", equalTo(2))
                .body("data.route.rolloutId", equalTo(rolloutId))
                .body("data.route.prompt.system", equalTo("prompt of version 2"));

        execute("pauseRollout", Map.of("agent", agent, "environment", ENV))
                .body("data.pauseRollout.type", equalTo("ROLLOUT_PAUSED"));
        execute("advanceRollout", Map.of("agent", agent, "environment", ENV, "weight", 50))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("paused"));
        execute("resumeRollout", Map.of("agent", agent, "environment", ENV))
                .body("data.resumeRollout.type", equalTo("ROLLOUT_RESUMED"));

        execute("promote", Map.of("agent", agent, "environment", ENV, "reason", "canary looks good"))
                .body("errors", nullValue())
                .body("data.promote.type", equalTo("PROMOTED"))
                .body("data.promote.fromVersion", equalTo(1))
                .body("data.promote.toVersion", equalTo(2))
                .body("data.promote.generation", equalTo(6));
        assertThat(arms(agent, keys).values()).containsOnly("STABLE");
        execute("route", Map.of("agent", agent, "environment", ENV, "routingKey", "user-1"))
                .body("data.route.version", equalTo(2));

        JsonPath deployment = execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(deployment.getInt("data.deployment.stableVersion")).isEqualTo(2);
        assertThat(deployment.getString("data.deployment.rollout")).isNull();
        assertThat(deployment.getList("data.deployment.events.edges.node.type")).containsExactly(
                "PROMOTED", "ROLLOUT_RESUMED", "ROLLOUT_PAUSED", "ROLLOUT_ADVANCED", "ROLLOUT_STARTED", "DEPLOYED");
        assertThat(deployment.getList("data.deployment.events.edges.node.generation"))
                .containsExactly(6, 5, 4, 3, 2, 1);
    }

    @Test
    void rollbackWithACanarySendsEverythingBackToStable() {
        String agent = Fixtures.agentWithVersions("rb-canary", 2);
        deploy(agent, 1);
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 50));
        execute("rollback", Map.of("agent", agent, "environment", ENV, "reason", "wrong refund amounts"))
                .body("errors", nullValue())
                .body("data.rollback.type", equalTo("ROLLED_BACK"))
                .body("data.rollback.fromVersion", equalTo(2))
                .body("data.rollback.toVersion", equalTo(1))
                .body("data.rollback.weightBefore", equalTo(50))
                .body("data.rollback.weightAfter", equalTo(0))
                .body("data.rollback.reason", equalTo("wrong refund amounts"));
        assertThat(arms(agent, IntStream.range(0, 100).mapToObj(i -> "k" + i).toList()).values())
                .containsOnly("STABLE");
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.stableVersion", equalTo(1))
                .body("data.deployment.rollout", nullValue());
    }

    @Test
    void rollbackWithoutACanaryReturnsToTheLastKnownGoodVersion() {
        String agent = Fixtures.agentWithVersions("rb-stable", 3);
        deploy(agent, 1);
        deploy(agent, 2);
        deploy(agent, 3);
        execute("rollback", Map.of("agent", agent, "environment", ENV))
                .body("data.rollback.fromVersion", equalTo(3))
                .body("data.rollback.toVersion", equalTo(2));
        // a second rollback goes to 1, not back to the bad 3
        execute("rollback", Map.of("agent", agent, "environment", ENV))
                .body("data.rollback.fromVersion", equalTo(2))
                .body("data.rollback.toVersion", equalTo(1));
        execute("route", Map.of("agent", agent, "environment", ENV)).body("data.route.version", equalTo(1));
        execute("rollback", Map.of("agent", agent, "environment", ENV))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("no earlier version"));
        execute("rollback", Map.of("agent", agent, "environment", ENV, "toVersion", 3))
                .body("data.rollback.toVersion", equalTo(3));
    }

    @Test
    void aRollbackToANamedVersionReturnsOnlyToOneThatWasLiveHere() {
        String agent = Fixtures.agentWithVersions("rb-named", 4);
        deploy(agent, 1);
        deploy(agent, 2);
        // version 3 exists but never ran here: calling it a rollback would release it past the release guard
        execute("rollback", Map.of("agent", agent, "environment", ENV, "toVersion", 3))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations[0].path", equalTo("toVersion"))
                .body("errors[0].message", containsString("version 3 was never the stable version of '" + agent
                        + "' in production; a rollback returns to a version that was live here, so deploy it"));
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.stableVersion", equalTo(2))
                .body("data.deployment.generation", equalTo(2));
        // nor does a version live in another environment count here
        execute("deploy", Map.of("agent", agent, "environment", "staging", "version", 4)).body("errors", nullValue());
        execute("rollback", Map.of("agent", agent, "environment", ENV, "toVersion", 4))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));

        execute("rollback", Map.of("agent", agent, "environment", ENV, "toVersion", 1))
                .body("data.rollback.fromVersion", equalTo(2))
                .body("data.rollback.toVersion", equalTo(1));
        // 2 was live here, even though it was rolled back since
        execute("rollback", Map.of("agent", agent, "environment", ENV, "toVersion", 2))
                .body("data.rollback.toVersion", equalTo(2));
    }

    @Test
    void invalidTransitionsAreRefusedAndChangeNothing() {
        String agent = Fixtures.agentWithVersions("invalid", 2);
        String other = Fixtures.agentWithVersions("other", 3);
        execute("promote", Map.of("agent", agent, "environment", ENV))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment", nullValue());

        deploy(agent, 1);
        execute("promote", Map.of("agent", agent, "environment", ENV))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("no rollout is in progress"));
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 101))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("weight"));
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 3, "weight", 5))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", equalTo("Agent '" + agent + "' has no version 3"));
        execute("deploy", Map.of("agent", "no-such-agent", "environment", ENV, "version", 1))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        execute("deploy", Map.of("agent", agent, "environment", "Prod!", "version", 1))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("environment"));
        execute("deploy", Map.of("agent", other, "environment", ENV, "version", 3))
                .body("errors", nullValue());
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.generation", equalTo(1))
                .body("data.deployment.stableVersion", equalTo(1));
        execute("route", Map.of("agent", agent, "environment", "staging"))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void staleExpectedGenerationIsAConflictAndChangesNothing() {
        String agent = Fixtures.agentWithVersions("stale", 2);
        deploy(agent, 1);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2, "expectedGeneration", 0))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.currentGeneration", equalTo(1));
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.stableVersion", equalTo(1))
                .body("data.deployment.generation", equalTo(1));
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2, "expectedGeneration", 1))
                .body("data.deploy.generation", equalTo(2));
    }

    @Test
    void aRetriedIdempotencyKeyReturnsTheFirstResult() {
        String agent = Fixtures.agentWithVersions("idem", 3);
        Map<String, Object> vars = new HashMap<>(Map.of("agent", agent, "environment", ENV, "version", 1,
                "idempotencyKey", "deploy-" + agent));
        Map<String, Object> first = execute("deploy", vars).body("errors", nullValue()).extract().path("data.deploy");
        Map<String, Object> again = execute("deploy", vars).body("errors", nullValue()).extract().path("data.deploy");
        // the very same answer, times and durations included (they are answered as stored, to the microsecond)
        assertThat(again).isEqualTo(first);
        execute("deployment", Map.of("agent", agent, "environment", ENV)).body("data.deployment.generation", equalTo(1));

        vars.put("version", 2);
        execute("deploy", vars)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", containsString("already used for a different request"));
        execute("deployment", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.stableVersion", equalTo(1))
                .body("data.deployment.generation", equalTo(1));
    }

    /**
     * A key names a retry of one deployment's change: one incident's key used on every agent it touched is a change
     * of each (it was a CONFLICT carrying the other deployment's generation).
     */
    @Test
    void anIdempotencyKeyIsPerDeployment() {
        String key = Fixtures.uniqueSlug("incident");
        for (String environment : List.of("production", "staging")) {
            String agent = Fixtures.agentWithVersions("idem-scope", 2);
            for (String env : List.of(environment, environment.equals("production") ? "staging" : "production")) {
                execute("deploy", Map.of("agent", agent, "environment", env, "version", 1, "idempotencyKey", key))
                        .body("errors", nullValue()).body("data.deploy.toVersion", equalTo(1));
            }
            execute("deploy", Map.of("agent", agent, "environment", environment, "version", 1, "idempotencyKey",
                    key)).body("errors", nullValue()).body("data.deploy.generation", equalTo(1));
        }
    }

    private static void deploy(String agent, int version) {
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", version)).body("errors", nullValue());
    }

    private static Map<String, String> arms(String agent, List<String> keys) {
        Map<String, String> arms = new HashMap<>();
        for (String key : keys) {
            arms.put(key, execute("route", Map.of("agent", agent, "environment", ENV, "routingKey", key))
                    .body("errors", nullValue()).extract().path("data.route.arm"));
        }
        return arms;
    }

    private static String firstCanary(Map<String, String> arms) {
        return arms.entrySet().stream().filter(e -> e.getValue().equals("CANARY")).findFirst().orElseThrow().getKey();
    }
}
