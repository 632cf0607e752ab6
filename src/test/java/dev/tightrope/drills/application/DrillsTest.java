package dev.tightrope.drills.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.raw;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.SseClient;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Rollback drills through the real GraphQL API on a real database: a DRY_RUN changes nothing, a LIVE drill rolls
 * back and forward with trigger DRILL and waits for a real runtime's acknowledgements (over the SSE stream and
 * {@code POST …/acknowledgements}), failures are recorded with their reason, a LIVE drill never ends a rollout, the
 * schedule drills each slot once, and deployments without a recent passing drill are flagged.
 */
@QuarkusTest
class DrillsTest {

    private static final String ENV = "production";

    @TestHTTPResource("/")
    URI base;

    @Inject
    DrillScheduler scheduler;

    @Inject
    TestClock clock;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aDryRunRehearsesTheRollbackAndChangesNothing() {
        String agent = Fixtures.agentWithVersions("drill-dry", 2);
        change("deploy", agent, Map.of("version", 1));
        int generation = change("deploy", agent, Map.of("version", 2));
        double before = drillCount("dry_run", "passed");

        JsonPath drill = drill(agent, "DRY_RUN");

        assertThat(drill.getBoolean("passed")).isTrue();
        assertThat(drill.getInt("fromVersion")).isEqualTo(2);
        assertThat(drill.getInt("toVersion")).isEqualTo(1);
        assertThat(drill.getDouble("switchMillis")).isPositive();
        assertThat(drill.getDouble("checkMillis")).isNotNegative();
        assertThat(drill.getString("rollbackCommitMillis")).isNull();
        assertThat(drill.getString("actor")).startsWith("token:");
        assertThat(drill.getBoolean("scheduled")).isFalse();
        JsonPath deployment = history(agent);
        assertThat(deployment.getInt("generation")).isEqualTo(generation);
        assertThat(deployment.getInt("stableVersion")).isEqualTo(2);
        assertThat(deployment.getList("events.edges")).hasSize(2); // the two deploys: the rehearsal left nothing
        assertThat(drillCount("dry_run", "passed")).isEqualTo(before + 1);

        // the rehearsed switch went where the real rollback then goes
        change("rollback", agent, Map.of("reason", "after the drill"));
        assertThat(history(agent).getInt("stableVersion")).isEqualTo(1);
    }

    @Test
    void aDrillWithoutAModeIsADryRun() {
        String agent = Fixtures.agentWithVersions("drill-default", 2);
        change("deploy", agent, Map.of("version", 1));
        int generation = change("deploy", agent, Map.of("version", 2));
        JsonPath drill = new JsonPath(raw("mutation { runRollbackDrill(agent: \"" + agent + "\", environment: \""
                + ENV + "\") { mode passed toVersion } }").body("errors", nullValue()).extract().asString())
                .setRootPath("data.runRollbackDrill");
        assertThat(drill.getString("mode")).isEqualTo("DRY_RUN");
        assertThat(drill.getBoolean("passed")).isTrue();
        assertThat(drill.getInt("toVersion")).isEqualTo(1);
        assertThat(history(agent).getInt("generation")).isEqualTo(generation); // nothing changed
        // an explicit null is not taken for the default
        raw("mutation { runRollbackDrill(agent: \"" + agent + "\", environment: \"" + ENV + "\", mode: null) "
                + "{ mode } }").body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("VALIDATION"));
    }

    @Test
    void aDryRunDuringARolloutRehearsesRollingTheCanaryBack() {
        String agent = Fixtures.agentWithVersions("drill-canary", 2);
        change("deploy", agent, Map.of("version", 1));
        int generation = change("startRollout", agent, Map.of("version", 2, "weight", 10));
        JsonPath drill = drill(agent, "DRY_RUN");
        assertThat(drill.getBoolean("passed")).isTrue();
        assertThat(drill.getInt("fromVersion")).isEqualTo(2);
        assertThat(drill.getInt("toVersion")).isEqualTo(1);
        assertThat(history(agent).getInt("generation")).isEqualTo(generation);
        assertThat(history(agent).getInt("rollout.weight")).isEqualTo(10);
    }

    @Test
    void aDeploymentWithNothingToRollBackToFailsItsDrillWithTheReason() {
        String agent = Fixtures.agentWithVersions("drill-first", 1);
        change("deploy", agent, Map.of("version", 1));
        JsonPath drill = drill(agent, "DRY_RUN");
        assertThat(drill.getBoolean("passed")).isFalse();
        assertThat(drill.getString("failureReason")).startsWith("The rollback would be refused")
                .contains("no earlier version to roll back to")
                .as("a drill names no version: no advice to name one").doesNotContain("name the version");
        assertThat(drills(agent).getList("drills.edges")).hasSize(1);
        assertThat(drills(agent).getBoolean("deployment.drillOverdue")).isTrue();
    }

    @Test
    void aLiveDrillRollsBackAndForwardAndWaitsForTheRuntime() throws Exception {
        String agent = Fixtures.agentWithVersions("drill-live", 2);
        change("deploy", agent, Map.of("version", 1));
        change("deploy", agent, Map.of("version", 2));
        try (Runtime runtime = new Runtime(agent, true)) {
            runtime.awaitFirstConfiguration();
            JsonPath drill = drill(agent, "LIVE");

            assertThat(drill.getString("failureReason")).isNull();
            assertThat(drill.getBoolean("passed")).isTrue();
            assertThat(drill.getInt("runtimesExpected")).isEqualTo(1);
            assertThat(drill.getInt("runtimesAcknowledged")).isEqualTo(1);
            assertThat(drill.getDouble("rollbackCommitMillis")).isPositive();
            assertThat(drill.getDouble("rollbackPropagationMillis"))
                    .isGreaterThanOrEqualTo(drill.getDouble("rollbackCommitMillis"));
            assertThat(drill.getDouble("forwardPropagationMillis")).isPositive();
            assertThat(runtime.acknowledged.get()).isGreaterThanOrEqualTo(3); // first config, rollback, forward
        }
        JsonPath deployment = history(agent);
        assertThat(deployment.getInt("stableVersion")).isEqualTo(2);
        List<Map<String, Object>> events = deployment.getList("events.edges.node");
        assertThat(events.get(1)).containsEntry("type", "ROLLED_BACK").containsEntry("trigger", "DRILL")
                .containsEntry("fromVersion", 2).containsEntry("toVersion", 1);
        assertThat(events.get(0)).containsEntry("type", "DEPLOYED").containsEntry("trigger", "DRILL")
                .containsEntry("fromVersion", 1).containsEntry("toVersion", 2);
        assertThat(drills(agent).getBoolean("deployment.drillOverdue")).isFalse();
        assertThat(drills(agent).getBoolean("agent.drillOverdue")).isFalse();
        // the roll-forward keeps the known-good history: a real rollback still goes back to version 1
        change("rollback", agent, Map.of("reason", "after the drill"));
        assertThat(history(agent).getInt("stableVersion")).isEqualTo(1);
    }

    @Test
    void aRuntimeThatNeverAcknowledgesFailsTheLiveDrillWhichStillRollsForward() throws Exception {
        String agent = Fixtures.agentWithVersions("drill-silent", 2);
        change("deploy", agent, Map.of("version", 1));
        change("deploy", agent, Map.of("version", 2));
        try (Runtime runtime = new Runtime(agent, false)) {
            runtime.awaitFirstConfiguration();
            JsonPath drill = drill(agent, "LIVE");
            assertThat(drill.getBoolean("passed")).isFalse();
            assertThat(drill.getString("failureReason"))
                    .isEqualTo("1 of 1 runtimes did not acknowledge the rollback before its propagation timed out; "
                            + "then: 1 of 1 runtimes did not acknowledge the roll-forward before its propagation "
                            + "timed out");
            assertThat(drill.getString("rollbackPropagationMillis")).isNull();
            assertThat(drill.getInt("runtimesAcknowledged")).isZero();
            assertThat(drill.getDouble("forwardCommitMillis")).isPositive();
        }
        assertThat(history(agent).getInt("stableVersion")).isEqualTo(2);
    }

    @Test
    void aLiveDrillNeverEndsARollout() {
        String agent = Fixtures.agentWithVersions("drill-rollout", 2);
        change("deploy", agent, Map.of("version", 1));
        int generation = change("startRollout", agent, Map.of("version", 2, "weight", 25));
        execute("runRollbackDrill", Map.of("agent", agent, "environment", ENV, "mode", "LIVE"))
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("CONFLICT"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("is in progress on " + agent
                        + "/" + ENV + " (running): a LIVE drill would end it"));
        // a paused rollout is not "running", and still would be ended
        generation = change("pauseRollout", agent, Map.of());
        execute("runRollbackDrill", Map.of("agent", agent, "environment", ENV, "mode", "LIVE"))
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("CONFLICT"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("(paused)"));
        assertThat(history(agent).getInt("generation")).isEqualTo(generation);
        assertThat(drills(agent).getList("drills.edges")).isEmpty();
    }

    @Test
    void badArgumentsAreRefused() {
        execute("runRollbackDrill", Map.of("agent", "Not A Slug", "environment", ENV, "mode", "DRY_RUN"))
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("VALIDATION"));
        execute("runRollbackDrill", Map.of("agent", Fixtures.uniqueSlug("drill-none"), "environment", ENV,
                "mode", "DRY_RUN")).body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("NOT_FOUND"));
        String agent = Fixtures.agentWithVersions("drill-bad", 1);
        execute("setDrillSchedule", Map.of("agent", agent, "cron", "every monday", "mode", "DRY_RUN"))
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("VALIDATION"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("cron"));
        execute("setDrillSchedule", Map.of("agent", agent, "cron", "0 4 * * *", "timeZone", "Nowhere/Land",
                "mode", "DRY_RUN")).body("errors[0].message", org.hamcrest.Matchers.containsString("timeZone"));
        assertThat(execute("drillSchedule", Map.of("agent", agent)).extract().jsonPath()
                .getBoolean("data.drillSchedule.defaultSchedule")).isTrue();
    }

    @Test
    void theScheduleDrillsEachSlotOnceAndFlagsOverdueDeployments() {
        String agent = Fixtures.agentWithVersions("drill-cron", 2);
        change("deploy", agent, Map.of("version", 1));
        change("deploy", agent, Map.of("version", 2));
        assertThat(drills(agent).getBoolean("deployment.drillOverdue")).isTrue();
        JsonPath schedule = execute("setDrillSchedule", Map.of("agent", agent, "cron", "* * * * *",
                "timeZone", "Europe/Berlin", "mode", "DRY_RUN")).body("errors", nullValue()).extract().jsonPath();
        assertThat(schedule.getBoolean("data.setDrillSchedule.defaultSchedule")).isFalse();
        assertThat(schedule.getString("data.setDrillSchedule.nextRunAt")).isNotNull();

        List<DrillResult> first = mine(scheduler.runOnce().await().atMost(Duration.ofSeconds(30)), agent);
        assertThat(first).singleElement().satisfies(result -> {
            assertThat(result.scheduled()).isTrue();
            assertThat(result.passed()).isTrue();
            assertThat(result.actor()).isEqualTo("schedule");
            assertThat(result.scheduleSlot().getEpochSecond() % 60).isZero();
        });
        List<DrillResult> again = mine(scheduler.runOnce().await().atMost(Duration.ofSeconds(30)), agent);
        if (!again.isEmpty()) { // only if the minute turned between the two passes: then it is the next slot
            assertThat(again.get(0).scheduleSlot()).isAfter(first.get(0).scheduleSlot());
        }
        assertThat(drills(agent).getBoolean("deployment.drillOverdue")).isFalse();
        assertThat(drills(agent).getString("deployment.lastPassingDrill.mode")).isEqualTo("DRY_RUN");

        execute("setDrillSchedule", Map.of("agent", agent, "cron", "* * * * *", "mode", "DRY_RUN",
                "enabled", false)).body("errors", nullValue());
        clock.advance(Duration.ofDays(31));
        assertThat(mine(scheduler.runOnce().await().atMost(Duration.ofSeconds(30)), agent)).isEmpty();
        assertThat(drills(agent).getBoolean("deployment.drillOverdue")).isTrue();
        assertThat(drills(agent).getBoolean("agent.drillOverdue")).isTrue();
        assertThat(registry.get("tightrope.drills.overdue").gauge().value()).isPositive();
    }

    // ----- helpers

    private static List<DrillResult> mine(List<DrillResult> results, String agent) {
        return results.stream().filter(result -> result.agent().equals(agent)).toList();
    }

    private double drillCount(String mode, String outcome) {
        var counter = registry.find("tightrope.drills").tag("mode", mode).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static JsonPath drill(String agent, String mode) {
        return new JsonPath(execute("runRollbackDrill", Map.of("agent", agent, "environment", ENV, "mode", mode))
                .body("errors", nullValue()).extract().asString()).setRootPath("data.runRollbackDrill");
    }

    private static JsonPath drills(String agent) {
        return new JsonPath(execute("drills", Map.of("agent", agent)).body("errors", nullValue()).extract()
                .asString()).setRootPath("data");
    }

    private static JsonPath history(String agent) {
        return new JsonPath(execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                .body("errors", nullValue()).extract().asString()).setRootPath("data.deployment");
    }

    private static int change(String mutation, String agent, Map<String, Object> arguments) {
        Map<String, Object> variables = new HashMap<>(arguments);
        variables.put("agent", agent);
        variables.put("environment", ENV);
        return execute(mutation, variables).body("errors", nullValue()).extract()
                .path("data." + mutation + ".generation");
    }

    /** A runtime on the SSE stream with a runtimeId; it acknowledges each configuration, or never. */
    private final class Runtime implements AutoCloseable {
        final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger received = new AtomicInteger();
        private final SseClient stream;
        private final Thread reader;
        private final boolean acknowledges;

        Runtime(String agent, boolean acknowledges) throws Exception {
            this.acknowledges = acknowledges;
            String token = Tokens.of(Role.RUNTIME);
            String path = "api/v1/agents/" + agent + "/environments/" + ENV;
            stream = SseClient.open(base.resolve(path + "/config/stream?runtimeId=drill-runtime"), token, Map.of());
            reader = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        SseClient.Event event = stream.next(Duration.ofMillis(100));
                        if (event != null) {
                            received.incrementAndGet();
                            if (acknowledges) {
                                given().header("Authorization", "Bearer " + token).contentType("application/json")
                                        .body(Map.of("generation", Long.parseLong(event.id()),
                                                "runtimeId", "drill-runtime"))
                                        .post("/" + path + "/acknowledgements").then().statusCode(200);
                                acknowledged.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "drill-runtime");
            reader.start();
        }

        void awaitFirstConfiguration() {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> acknowledges ? acknowledged.get() >= 1 : received.get() >= 1);
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            reader.join(5_000);
            stream.close();
        }
    }
}
