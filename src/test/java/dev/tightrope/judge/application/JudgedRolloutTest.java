package dev.tightrope.judge.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.judge.domain.PlanDecision;
import dev.tightrope.judge.persistence.RolloutPlanStore;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.instance.ExclusivePasses;
import dev.tightrope.release.application.ActiveRollouts;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.OutcomeReports;
import dev.tightrope.testing.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Planned rollouts end to end, with a controlled clock and simulated runtimes reporting outcomes over the NDJSON
 * endpoint: the seed's regression (completion 84 % → 71 %, errors 1.2 % → 8.4 %) is rolled back by the judge with
 * its evidence; a healthy canary is promoted through every step; a decision is taken once, however often the judge
 * runs and however many instances run it at once.
 */
@QuarkusTest
class JudgedRolloutTest {

    private static final String ENV = "production";

    @Inject
    TestClock clock;

    @Inject
    RolloutJudge judge;

    @Inject
    Vertx vertx;

    @Inject
    ExclusivePasses passes;

    @Inject
    ActiveRollouts activeRollouts;

    @Inject
    RolloutPlanStore plans;

    @Inject
    CanaryComparisons comparisons;

    @Inject
    TrafficService traffic;

    @Inject
    AuditLog audit;

    @Inject
    ComparisonFeed feed;

    @Inject
    JudgeMetrics metrics;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theSeedsRegressionIsRolledBackByTheJudgeWithItsEvidence() {
        String agent = Fixtures.agentWithVersions("judged-seed", 2);
        String rollout = startDefaultPlan(agent);
        clock.advance(Duration.ofSeconds(10));
        report(agent, 1, "STABLE", 7_600, 0.012, 0.84);
        report(agent, 2, "CANARY", 400, 0.084, 0.71);

        JsonPath comparison = execute("canaryComparison", Map.of("rolloutId", rollout)).body("errors", nullValue())
                .extract().jsonPath();
        assertThat(comparison.getString("data.canaryComparison.metrics.find { it.metric == 'TASK_COMPLETION' }"
                + ".verdict")).isEqualTo("FAIL");
        assertThat(comparison.getBoolean("data.canaryComparison.sampleRatio.mismatch")).isFalse();
        assertThat(comparison.getInt("data.canaryComparison.step")).isEqualTo(1);

        List<RolloutJudge.Applied> applied = judge.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(applied).filteredOn(a -> a.rolloutId() == Long.parseLong(rollout)).singleElement()
                .satisfies(a -> {
                    assertThat(a.decision().kind()).isEqualTo(PlanDecision.Kind.ROLLBACK);
                    assertThat(a.changed()).isTrue();
                });
        JsonPath deployment = execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1))
                .extract().jsonPath();
        assertThat(deployment.getString("data.deployment.rollout")).isNull();
        assertThat(deployment.getInt("data.deployment.stableVersion")).isEqualTo(1);
        assertThat(deployment.getString("data.deployment.events.edges[0].node.type")).isEqualTo("ROLLED_BACK");
        assertThat(deployment.getString("data.deployment.events.edges[0].node.reason"))
                .startsWith("judge: ").contains("TASK_COMPLETION FAIL: canary 71.00 % vs stable 84.00 %");
        execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                .body("data.deployment.events.edges[0].node.trigger", equalTo("JUDGE"));
    }

    @Test
    void aHealthyCanaryIsPromotedThroughEveryStepAndEachDecisionIsTakenOnce() {
        String agent = Fixtures.agentWithVersions("judged-healthy", 2);
        String rollout = startDefaultPlan(agent);
        int[] weights = {5, 25, 50};
        for (int step = 0; step < weights.length; step++) {
            clock.advance(Duration.ofSeconds(10));
            int canary = 160;
            int stable = canary * (100 - weights[step]) / weights[step];
            report(agent, 1, "STABLE", stable, 0.012, 0.84);
            report(agent, 2, "CANARY", canary, 0.012, 0.84);
            assertThat(kinds(judge.runOnce(), rollout)).as("step %d before its 10 minutes", step + 1)
                    .containsExactly(PlanDecision.Kind.WAIT);
            clock.advance(Duration.ofMinutes(10));
            // two instances judging at once: one holds the lock, the other skips; each decision is taken once
            List<RolloutJudge.Applied> both = Uni.combine().all().unis(judge.runOnce(), judge.runOnce())
                    .with((a, b) -> { List<RolloutJudge.Applied> all = new ArrayList<>(a); all.addAll(b); return all; }).await().atMost(Duration.ofSeconds(30));
            PlanDecision.Kind expected = step < weights.length - 1 ? PlanDecision.Kind.ADVANCE
                    : PlanDecision.Kind.PROMOTE;
            assertThat(both).filteredOn(a -> a.rolloutId() == Long.parseLong(rollout) && a.changed())
                    .extracting(a -> a.decision().kind()).containsExactly(expected);
            // the judge runs again at once, as after a restart: the new step has just begun
            if (step < weights.length - 1) {
                assertThat(kinds(judge.runOnce(), rollout)).containsExactly(PlanDecision.Kind.WAIT);
            }
        }
        JsonPath deployment = execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 10))
                .extract().jsonPath();
        assertThat(deployment.getInt("data.deployment.stableVersion")).isEqualTo(2);
        assertThat(deployment.getList("data.deployment.events.edges.node.type", String.class))
                .containsExactly("PROMOTED", "ROLLOUT_ADVANCED", "ROLLOUT_ADVANCED", "ROLLOUT_STARTED", "DEPLOYED");
    }

    @Test
    void aPausedCanaryIsNeitherAdvancedNorPausedAgainButRolledBackWhenItIsWorse() {
        String agent = Fixtures.agentWithVersions("judged-paused", 2);
        String rollout = startDefaultPlan(agent);
        execute("pauseRollout", Map.of("agent", agent, "environment", ENV, "reason", "looking at the logs"))
                .body("errors", nullValue());
        // healthy past the step's minimum: a running rollout would advance, a paused one waits for its person
        clock.advance(Duration.ofSeconds(10));
        report(agent, 1, "STABLE", 3_040, 0.012, 0.84);
        report(agent, 2, "CANARY", 160, 0.012, 0.84);
        clock.advance(Duration.ofMinutes(11));
        assertThat(kinds(judge.runOnce(), rollout)).containsExactly(PlanDecision.Kind.ADVANCE);
        assertThat(execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1)).extract()
                .jsonPath().getInt("data.deployment.rollout.weight")).isEqualTo(5);

        // the paused canary, still serving 5 %, turns worse: it is rolled back (a PAUSE used to silence this)
        report(agent, 1, "STABLE", 7_600, 0.012, 0.84);
        report(agent, 2, "CANARY", 400, 0.12, 0.84);
        assertThat(judge.runOnce().await().atMost(Duration.ofSeconds(30)))
                .filteredOn(a -> a.rolloutId() == Long.parseLong(rollout)).singleElement().satisfies(a -> {
                    assertThat(a.decision().kind()).isEqualTo(PlanDecision.Kind.ROLLBACK);
                    assertThat(a.changed()).isTrue();
                });
        JsonPath deployment = execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1))
                .extract().jsonPath();
        assertThat(deployment.getString("data.deployment.rollout")).isNull();
        assertThat(deployment.getString("data.deployment.events.edges[0].node.type")).isEqualTo("ROLLED_BACK");
        assertThat(deployment.getString("data.deployment.events.edges[0].node.reason")).contains("ERROR_RATE FAIL");
    }

    @Test
    void theComparisonStreamsUntilTheRolloutEnds() throws Exception {
        String agent = Fixtures.agentWithVersions("judged-stream", 2);
        String rollout = startDefaultPlan(agent);
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribeText("c", GraphQLClient.load("canaryComparisonChanged"),
                    Map.of("rolloutId", rollout));
            JsonObject first = socket.nextData(Duration.ofSeconds(10)).getJsonObject("canaryComparison");
            assertThat(first.getString("rolloutId")).isEqualTo(rollout);
            assertThat(first.getInteger("weight")).isEqualTo(5);
            assertThat(first.getInteger("step")).isEqualTo(1);
            execute("rollback", Map.of("agent", agent, "environment", ENV)).body("errors", nullValue());
            JsonObject end = socket.next(Duration.ofSeconds(20));
            while ("next".equals(end.getString("type"))) {
                end = socket.next(Duration.ofSeconds(20));
            }
            assertThat(end.getString("type")).as("the stream completes when the rollout ends").isEqualTo("complete");
        }
    }

    @Test
    void theComparisonStreamGetsOneUpdatePerJudgeRunAndOneForEachChange() throws Exception {
        String agent = Fixtures.agentWithVersions("judged-feed", 2);
        String rollout = startDefaultPlan(agent);
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, base, Map.of())) {
            socket.subscribeText("c", GraphQLClient.load("canaryComparisonChanged"),
                    Map.of("rolloutId", rollout));
            JsonObject first = comparison(socket);
            assertThat(canarySamples(first)).isZero();

            clock.advance(Duration.ofSeconds(10));
            report(agent, 1, "STABLE", 3_040, 0.012, 0.84);
            report(agent, 2, "CANARY", 160, 0.012, 0.84);
            Instant firstRun = clock.instant();
            assertThat(kinds(judge.runOnce(), rollout)).containsExactly(PlanDecision.Kind.WAIT);
            JsonObject afterFirstRun = comparison(socket);
            assertThat(Instant.parse(afterFirstRun.getString("judgedAt"))).isAfterOrEqualTo(firstRun);
            assertThat(canarySamples(afterFirstRun)).isEqualTo(160);

            clock.advance(Duration.ofSeconds(1));
            Instant secondRun = clock.instant();
            judge.runOnce().await().atMost(Duration.ofSeconds(30));
            assertThat(Instant.parse(comparison(socket).getString("judgedAt")))
                    .as("the next update is the second run's, no other in between").isAfterOrEqualTo(secondRun);

            clock.advance(Duration.ofMinutes(10));
            assertThat(kinds(judge.runOnce(), rollout)).containsExactly(PlanDecision.Kind.ADVANCE);
            JsonObject decided = comparison(socket);
            assertThat(decided.getInteger("step")).as("the comparison the decision was taken on").isEqualTo(1);
            JsonObject advanced = comparison(socket);
            assertThat(advanced.getInteger("step")).as("pushed by the change, not by a run").isEqualTo(2);
            assertThat(advanced.getInteger("weight")).isEqualTo(25);

            execute("rollback", Map.of("agent", agent, "environment", ENV)).body("errors", nullValue());
            assertThat(socket.next(Duration.ofSeconds(10)).getString("type")).isEqualTo("complete");
        }
    }

    @Test
    void aRestartedJudgeResumesTheStepWhereItWasAndNeverActsTwice() {
        String agent = Fixtures.agentWithVersions("judged-restart", 2);
        String rollout = startDefaultPlan(agent);
        clock.advance(Duration.ofSeconds(10));
        report(agent, 1, "STABLE", 3_040, 0.012, 0.84);
        report(agent, 2, "CANARY", 160, 0.012, 0.84);
        clock.advance(Duration.ofMinutes(10));
        long generation = execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1))
                .extract().jsonPath().getLong("data.deployment.generation");
        assertThat(kinds(judge.runOnce(), rollout)).containsExactly(PlanDecision.Kind.ADVANCE);

        // the instance that advanced dies; it retries its decision of step 1 as it goes down, with numbers of its own
        String key = "judge:" + rollout + ":0:ADVANCE";
        Throwable retried = Assertions.catchThrowable(() -> traffic.change(
                new TrafficRequest(agent, ENV,
                        new TrafficCommand.AdvanceRollout(25), generation, key,
                        "judge: a retry", Trigger.JUDGE, "judge"))
                .await().atMost(Duration.ofSeconds(30)));
        assertThat(ErrorTranslator.codeOf(retried))
                .isEqualTo(ErrorCode.CONFLICT);

        // a new process: a judge with no memory of its own, on the same database
        RolloutJudge restarted = new RolloutJudge(passes, activeRollouts, plans, comparisons, traffic, audit, feed,
                metrics, clock);
        assertThat(kinds(restarted.runOnce(), rollout)).as("step 2 has just begun").containsExactly(
                PlanDecision.Kind.WAIT);
        clock.advance(Duration.ofSeconds(10));
        report(agent, 1, "STABLE", 480, 0.012, 0.84);
        report(agent, 2, "CANARY", 160, 0.012, 0.84);
        clock.advance(Duration.ofMinutes(10));
        assertThat(kinds(restarted.runOnce(), rollout)).containsExactly(PlanDecision.Kind.ADVANCE);
        assertThat(kinds(restarted.runOnce(), rollout)).containsExactly(PlanDecision.Kind.WAIT);

        JsonPath deployment = execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 10))
                .extract().jsonPath();
        assertThat(deployment.getInt("data.deployment.rollout.weight")).isEqualTo(50);
        assertThat(deployment.getList("data.deployment.events.edges.node.type", String.class))
                .containsExactly("ROLLOUT_ADVANCED", "ROLLOUT_ADVANCED", "ROLLOUT_STARTED", "DEPLOYED");
    }

    /**
     * A release freeze holds a planned rollout at its step: the judge decides to advance but changes nothing while
     * the window lasts (release answers FROZEN), and advances at its first run after the window; a rollback the
     * judge decides during a freeze still happens.
     */
    @Test
    void aFreezeHoldsTheStepAndTheJudgeGoesOnAfterTheWindowButStillRollsBack() {
        String agent = Fixtures.agentWithVersions("judged-frozen", 2);
        String rollout = startDefaultPlan(agent);
        String regressed = Fixtures.agentWithVersions("judged-frozen-bad", 2);
        String failing = startDefaultPlan(regressed);
        java.time.Instant now = clock.instant();
        for (String frozen : List.of(agent, regressed)) {
            execute("createFreeze", Map.of("environment", ENV, "agent", frozen, "reason", "judge freeze",
                    "from", now.minusSeconds(60).toString(), "to", now.plus(Duration.ofHours(1)).toString()))
                    .body("errors", nullValue());
        }
        clock.advance(Duration.ofSeconds(10));
        report(agent, 1, "STABLE", 3_040, 0.012, 0.84);
        report(agent, 2, "CANARY", 160, 0.012, 0.84);
        report(regressed, 1, "STABLE", 7_600, 0.012, 0.84);
        report(regressed, 2, "CANARY", 400, 0.084, 0.71);
        clock.advance(Duration.ofMinutes(10));

        List<RolloutJudge.Applied> applied = judge.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(applied).filteredOn(a -> a.rolloutId() == Long.parseLong(rollout)).singleElement()
                .satisfies(a -> {
                    assertThat(a.decision().kind()).isEqualTo(PlanDecision.Kind.ADVANCE);
                    assertThat(a.changed()).as("held by the freeze").isFalse();
                });
        assertThat(applied).filteredOn(a -> a.rolloutId() == Long.parseLong(failing)).singleElement()
                .satisfies(a -> {
                    assertThat(a.decision().kind()).isEqualTo(PlanDecision.Kind.ROLLBACK);
                    assertThat(a.changed()).as("a rollback is never frozen").isTrue();
                });
        execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1))
                .body("data.deployment.rollout.weight", equalTo(5));
        assertThat(kinds(judge.runOnce(), rollout)).as("judged again, still held").containsExactly(
                PlanDecision.Kind.ADVANCE);

        clock.advance(Duration.ofHours(1));
        assertThat(judge.runOnce().await().atMost(Duration.ofSeconds(30)))
                .filteredOn(a -> a.rolloutId() == Long.parseLong(rollout)).singleElement()
                .satisfies(a -> assertThat(a.changed()).as("the window is over").isTrue());
        execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1))
                .body("data.deployment.rollout.weight", equalTo(25));
    }

    private JsonObject comparison(GraphQLWebSocket socket) throws Exception {
        return socket.nextData(Duration.ofSeconds(10)).getJsonObject("canaryComparison");
    }

    private static int canarySamples(JsonObject comparison) {
        return comparison.getJsonArray("metrics").stream().map(JsonObject.class::cast)
                .filter(m -> "ERROR_RATE".equals(m.getString("metric"))).findFirst().orElseThrow()
                .getInteger("canarySamples");
    }

    private List<PlanDecision.Kind> kinds(Uni<List<RolloutJudge.Applied>> run, String rollout) {
        return run.await().atMost(Duration.ofSeconds(30)).stream()
                .filter(a -> a.rolloutId() == Long.parseLong(rollout)).map(a -> a.decision().kind()).toList();
    }

    private static String startDefaultPlan(String agent) {
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        return execute("startPlannedRollout", Map.of("agent", agent, "environment", ENV, "version", 2))
                .body("errors", nullValue())
                .body("data.startRollout.weightAfter", equalTo(5))
                .extract().path("data.startRollout.rolloutId");
    }

    private void report(String agent, int version, String arm, int count, double errorRate, double completion) {
        OutcomeReports.report(clock, agent, ENV, version, arm, count, errorRate, completion);
    }
}
