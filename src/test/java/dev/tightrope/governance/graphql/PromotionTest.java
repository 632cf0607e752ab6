package dev.tightrope.governance.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.governance.GovernanceFixtures;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * promoteEnvironment releases exactly the version stable in the earlier environment, and a protected environment
 * can require that it was stable there long enough, without a rollback, before any release path may bring it.
 */
@QuarkusTest
class PromotionTest {

    @Inject
    TestClock clock;

    private String agent;

    /** Version 1 everywhere, version 2 just deployed to staging; production needs 24 h in staging. */
    @BeforeEach
    void stagingAhead() {
        agent = Fixtures.agentWithVersions("promote-env", 2);
        for (String environment : new String[] {"staging", "production"}) {
            execute("deploy", Map.of("agent", agent, "environment", environment, "version", 1))
                    .body("errors", nullValue());
        }
        execute("deploy", Map.of("agent", agent, "environment", "staging", "version", 2)).body("errors", nullValue());
        GovernanceFixtures.protect(agent, "production", false, "staging", 24 * 60)
                .getMap("data.protectEnvironment");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aVersionNeedsItsSoakBeforeAnyPathReleasesIt() {
        clock.advance(Duration.ofHours(3));
        JsonPath early = execute("promoteEnvironment", promotion()).extract().jsonPath();
        assertThat(early.getString("errors[0].extensions.code")).isEqualTo("SOAK_REQUIRED");
        assertThat(early.getString("errors[0].message")).isEqualTo("Not yet in production for " + agent
                + ": version 2 has been stable in staging for 3 h of the required 24 h. Nothing was changed.");
        assertThat(early.getLong("errors[0].extensions.requiredSeconds")).isEqualTo(86_400L);
        assertThat(early.getLong("errors[0].extensions.stableSeconds")).isBetween(3 * 3600L, 3 * 3600L + 120);
        // the same holds for a deploy, a rollout and a change request of that version
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 2))
                .body("errors[0].extensions.code", equalTo("SOAK_REQUIRED"));
        execute("startRollout", Map.of("agent", agent, "environment", "production", "version", 2, "weight", 5))
                .body("errors[0].extensions.code", equalTo("SOAK_REQUIRED"));
        execute("requestChange", Map.of("operation", "PROMOTE_ENVIRONMENT", "agent", agent, "environment",
                "production", "from", "staging")).body("errors[0].extensions.code", equalTo("SOAK_REQUIRED"));

        clock.advance(Duration.ofHours(22));
        JsonPath promoted = execute("promoteEnvironment", promotion()).body("errors", nullValue()).extract().jsonPath();
        assertThat(promoted.getString("data.promoteEnvironment.type")).isEqualTo("DEPLOYED");
        assertThat(promoted.getInt("data.promoteEnvironment.toVersion")).isEqualTo(2);
        assertThat(promoted.getString("data.promoteEnvironment.reason"))
                .isEqualTo("after QA — promoted from staging (version 2)");
        // a retry with the same key is the same change
        execute("promoteEnvironment", promotion()).body("errors", nullValue())
                .body("data.promoteEnvironment.generation", equalTo(promoted.getInt("data.promoteEnvironment.generation")));
    }

    @Test
    void aRollbackInTheEarlierEnvironmentUndoesTheSoak() {
        clock.advance(Duration.ofHours(30));
        execute("rollback", Map.of("agent", agent, "environment", "staging")).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 2))
                .body("errors[0].extensions.code", equalTo("SOAK_REQUIRED"))
                .body("errors[0].extensions.rolledBack", equalTo(true))
                .body("errors[0].message", equalTo("Not yet in production for " + agent + ": version 2 was rolled "
                        + "back in staging after 30 h as the stable version; it needs 24 h there without a rollback. "
                        + "Nothing was changed."));
        // version 1 is stable in staging again: its period there starts anew with the rollback
        execute("promoteEnvironment", promotion()).body("errors[0].extensions.code", equalTo("SOAK_REQUIRED"))
                .body("errors[0].extensions.version", equalTo(1))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("version 1 has been stable in "
                        + "staging for 0 min of the required 24 h"));
    }

    @Test
    void aPromotionCanStartARolloutOfTheStableVersion() {
        clock.advance(Duration.ofHours(25));
        Map<String, Object> rollout = new HashMap<>(promotion());
        rollout.put("mode", "ROLLOUT");
        rollout.put("weight", 10);
        rollout.put("idempotencyKey", null);
        execute("promoteEnvironment", rollout).body("errors", nullValue())
                .body("data.promoteEnvironment.type", equalTo("ROLLOUT_STARTED"))
                .body("data.promoteEnvironment.toVersion", equalTo(2))
                .body("data.promoteEnvironment.weightAfter", equalTo(10));
        Map<String, Object> same = new HashMap<>(promotion());
        same.put("to", "staging");
        execute("promoteEnvironment", same).body("errors[0].extensions.code", equalTo("VALIDATION"));
        Map<String, Object> nowhere = new HashMap<>(promotion());
        nowhere.put("from", "qa");
        execute("promoteEnvironment", nowhere).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    private Map<String, Object> promotion() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("agent", agent);
        variables.put("from", "staging");
        variables.put("to", "production");
        variables.put("reason", "after QA");
        variables.put("idempotencyKey", "promote-" + agent);
        return variables;
    }
}
