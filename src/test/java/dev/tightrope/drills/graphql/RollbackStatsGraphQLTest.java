package dev.tightrope.drills.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.judge.application.RolloutJudge;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.ToolGate;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.rules.application.RuleEvaluator;
import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.OutcomeReports;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.vertx.core.Vertx;

/**
 * rollbackStats over a real history: releases and rollbacks through the API, a real rule firing on reported
 * outcomes (the rule evaluator driven pass by pass with the test clock), a real judge verdict, a drill's rollback and
 * roll-forward, a circuit breaker and a Slack rollback through the release service with their triggers, and a
 * rollback acknowledged by a connected runtime. The expected figures are worked out from the recorded events (and the
 * alert's onset, read from the table); the metrics are checked against the same figures.
 */
@QuarkusTest
class RollbackStatsGraphQLTest {

    private static final String ENV = "production";
    private static final String STAGING = "staging";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final double EXACT = 1e-6;

    @Inject
    TestClock clock;

    @Inject
    RuleEvaluator evaluator;

    @Inject
    RolloutJudge judge;

    @Inject
    TrafficService traffic;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theFiguresOfReleasesAndRollbacksOfEveryTrigger() throws Exception {
        String agent = Fixtures.agentWithVersions("stats", 3);
        Instant since = clock.instant();
        Map<String, Double> before = meters();

        // production, generations 1 to 12
        ok(execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)));
        ok(execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 10)));
        clock.advance(Duration.ofMinutes(3));
        ok(execute("rollback", Map.of("agent", agent, "environment", ENV)));
        ok(execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)));
        ruleRollsBack(agent);
        judgeRollsBack(agent);
        ok(execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2)));
        change(agent, ENV, new TrafficCommand.Rollback(null, null), Trigger.DRILL);
        change(agent, ENV, new TrafficCommand.Deploy(2), Trigger.DRILL);
        change(agent, ENV, new TrafficCommand.GateTool("search", ToolGate.State.OPEN, 0, clock.instant(),
                "circuit breaker of search opened by a test"), Trigger.CIRCUIT_BREAKER);
        change(agent, ENV, new TrafficCommand.Rollback(null, null), Trigger.SLACK);

        // staging, generations 1 to 3: a runtime is connected and acknowledges the rollback
        ok(execute("deploy", Map.of("agent", agent, "environment", STAGING, "version", 1)));
        try (GraphQLWebSocket runtime = GraphQLWebSocket.connectAs(vertx, base, Tokens.of(Role.RUNTIME))) {
            runtime.subscribe("configChanged", Map.of("agent", agent, "environment", STAGING, "runtimeId", "stats"));
            runtime.nextData(WAIT);
            ok(execute("deploy", Map.of("agent", agent, "environment", STAGING, "version", 3)));
            ok(execute("rollback", Map.of("agent", agent, "environment", STAGING)));
            executeAs(Tokens.of(Role.RUNTIME), "acknowledgeConfig", Map.of("agent", agent, "environment", STAGING,
                    "generation", 3, "runtimeId", "stats")).statusCode(200).body("errors", nullValue());
        }
        Map<String, Double> after = meters();

        Map<Integer, Event> p = events(agent, ENV);
        Map<Integer, Event> s = events(agent, STAGING);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12).stream().map(g -> p.get(g).type() + " "
                + p.get(g).trigger()).toList()).containsExactly("DEPLOYED API", "ROLLOUT_STARTED API",
                "ROLLED_BACK API", "DEPLOYED API", "ROLLED_BACK RULE", "ROLLOUT_STARTED API", "ROLLED_BACK JUDGE",
                "DEPLOYED API", "ROLLED_BACK DRILL", "DEPLOYED DRILL", "TOOL_DISABLED CIRCUIT_BREAKER",
                "ROLLED_BACK SLACK");
        assertThat(s.get(3).status()).as("the staging rollback was acknowledged").isEqualTo("ACKNOWLEDGED");

        // what each rollback took; a canary's release is its rollout's start (the ROLLOUT_STARTED commit), a stable
        // version's its last deploy that was not a drill's (generation 8 for the SLACK rollback, not the drill's 10)
        List<Double> commit = List.of(p.get(3).commit(), p.get(5).commit(), p.get(7).commit(), p.get(12).commit());
        List<Double> recover = List.of(millis(p.get(2).committedAt(), p.get(3).committedAt()),
                millis(p.get(4).committedAt(), p.get(5).committedAt()),
                millis(p.get(6).committedAt(), p.get(7).committedAt()),
                millis(p.get(8).committedAt(), p.get(12).committedAt()));
        double judgeDetect = millis(p.get(6).committedAt(), p.get(7).decidedAt());
        double ruleDetect = millis(ruleOnset(agent), p.get(5).decidedAt());
        assertThat(judgeDetect).as("the judge's verdict came 10 s of test clock after the start")
                .isGreaterThanOrEqualTo(10_000);
        assertThat(ruleDetect).as("the rule acted 2 minutes after the onset (FOR 2m)").isBetween(120_000.0,
                180_000.0);

        JsonPath production = stats(agent, ENV, since);
        String root = "data.rollbackStats.";
        assertThat(production.getString(root + "agent")).isEqualTo(agent);
        assertThat(production.getString(root + "environment")).isEqualTo(ENV);
        assertThat(Instant.parse(production.getString(root + "since"))).isEqualTo(since);
        assertThat(production.getInt(root + "releases")).isEqualTo(5); // generations 1, 2, 4, 6, 8
        assertThat(production.getInt(root + "rollbacks")).isEqualTo(4); // 3, 5, 7, 12
        assertThat(production.getInt(root + "drillRollbacks")).isEqualTo(1);
        assertThat(production.getList(root + "byTrigger.trigger", String.class))
                .containsExactly("API", "SLACK", "RULE", "JUDGE", "DRILL");
        assertThat(production.getList(root + "byTrigger.count", Integer.class)).containsExactly(1, 1, 1, 1, 1);
        assertThat(production.getInt(root + "stoppedByJudge")).isEqualTo(1);
        assertThat(production.getInt(root + "stoppedByRules")).isEqualTo(1);
        assertThat(production.getInt(root + "toolsDisabled")).isEqualTo(1);
        assertThat(production.getDouble(root + "changeFailureRate")).isCloseTo(0.8, within(EXACT));
        // four values: median the 2nd (k = 2), p95 the 4th (k = ⌈3.8⌉)
        assertDurations(production, root + "decisionToCommit", commit, 2, 4);
        assertThat(production.getInt(root + "decisionToPropagated.samples")).isZero();
        assertThat(production.getString(root + "decisionToPropagated.medianMillis")).isNull();
        assertThat(production.getMap(root + "propagation")).isEqualTo(Map.of("acknowledged", 0, "noRuntimes", 4,
                "timedOut", 0, "pending", 0));
        assertDurations(production, root + "timeToDetect", List.of(ruleDetect, judgeDetect), 1, 2);
        assertThat(production.getList(root + "timeToDetectByTrigger.trigger", String.class))
                .containsExactly("RULE", "JUDGE");
        assertDurations(production, root + "timeToDetectByTrigger[0].durations", List.of(ruleDetect), 1, 1);
        assertDurations(production, root + "timeToDetectByTrigger[1].durations", List.of(judgeDetect), 1, 1);
        assertDurations(production, root + "timeToRecover", recover, 2, 4);

        // every environment: staging adds two releases and one acknowledged rollback
        JsonPath all = stats(agent, null, since);
        assertThat(all.getString(root + "environment")).isNull();
        assertThat(all.getInt(root + "releases")).isEqualTo(7);
        assertThat(all.getInt(root + "rollbacks")).isEqualTo(5);
        assertThat(all.getDouble(root + "changeFailureRate")).isCloseTo(5.0 / 7, within(EXACT));
        assertThat(all.getList(root + "byTrigger.count", Integer.class)).containsExactly(2, 1, 1, 1, 1);
        assertDurations(all, root + "decisionToPropagated",
                List.of(millis(s.get(3).decidedAt(), s.get(3).propagatedAt())), 1, 1);
        assertThat(all.getMap(root + "propagation")).isEqualTo(Map.of("acknowledged", 1, "noRuntimes", 4,
                "timedOut", 0, "pending", 0));
        List<Double> allRecover = new ArrayList<>(recover);
        allRecover.add(millis(s.get(2).committedAt(), s.get(3).committedAt()));
        // five values: median the 3rd (k = ⌈2.5⌉), p95 the 5th (k = ⌈4.75⌉)
        assertDurations(all, root + "timeToRecover", allRecover, 3, 5);

        // a period that starts after the release: the SLACK rollback still recovers from generation 8
        JsonPath late = stats(agent, ENV, p.get(11).committedAt());
        assertThat(late.getInt(root + "releases")).isZero();
        assertThat(late.getString(root + "changeFailureRate")).isNull();
        assertThat(late.getInt(root + "rollbacks")).isEqualTo(1);
        assertThat(late.getInt(root + "toolsDisabled")).isEqualTo(1);
        assertDurations(late, root + "timeToRecover", List.of(recover.get(3)), 1, 1);

        // the same in Micrometer, for Prometheus
        assertThat(delta(before, after, "releases DEPLOYED")).isEqualTo(5); // 1, 4, 8 and staging's 1, 2
        assertThat(delta(before, after, "releases ROLLOUT_STARTED")).isEqualTo(2);
        assertThat(delta(before, after, "rollbacks API")).isEqualTo(2);
        for (String trigger : List.of("RULE", "JUDGE", "SLACK", "DRILL")) {
            assertThat(delta(before, after, "rollbacks " + trigger)).as(trigger).isEqualTo(1);
        }
        assertThat(delta(before, after, "recover count API")).isEqualTo(2);
        assertThat(delta(before, after, "recover seconds API") * 1_000).isCloseTo(recover.get(0)
                + millis(s.get(2).committedAt(), s.get(3).committedAt()), within(0.01));
        assertThat(delta(before, after, "recover seconds RULE") * 1_000).isCloseTo(recover.get(1), within(0.01));
        assertThat(delta(before, after, "recover seconds JUDGE") * 1_000).isCloseTo(recover.get(2), within(0.01));
        assertThat(delta(before, after, "recover seconds SLACK") * 1_000).isCloseTo(recover.get(3), within(0.01));
        assertThat(delta(before, after, "recover count DRILL")).as("drills are not recoveries").isZero();
        assertThat(delta(before, after, "judge detect count")).isEqualTo(1);
        assertThat(delta(before, after, "judge detect seconds") * 1_000).isCloseTo(judgeDetect, within(0.01));
        assertThat(delta(before, after, "rules detect count")).isEqualTo(1);
    }

    @Test
    void wrongArgumentsAreRefusedWithTheirCodes() {
        String agent = Fixtures.agentWithVersions("stats-refused", 1);
        Instant now = clock.instant();
        execute("rollbackStats", variables("no-such-agent-anywhere", null, now.minus(Duration.ofDays(1))))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("data.rollbackStats", nullValue());
        execute("rollbackStats", variables(agent, null, now.plus(Duration.ofHours(1))))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("since"));
        execute("rollbackStats", variables(agent, null, now.minus(Duration.ofDays(401))))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("since"));
        execute("rollbackStats", variables(agent, "Not An Environment", now.minus(Duration.ofDays(1))))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("environment"));
        // an agent never deployed: nothing to count, no rate
        execute("rollbackStats", variables(agent, ENV, now.minus(Duration.ofDays(1))))
                .body("errors", nullValue())
                .body("data.rollbackStats.releases", equalTo(0))
                .body("data.rollbackStats.changeFailureRate", nullValue())
                .body("data.rollbackStats.timeToRecover.samples", equalTo(0));
        // a viewer may read them
        executeAs(Tokens.of(Role.VIEWER), "rollbackStats", variables(agent, null, now.minus(Duration.ofDays(1))))
                .statusCode(200).body("errors", nullValue());
    }

    /** Reports 30 % errors of the stable version 2 until the default rule rolls it back (FOR 2m). */
    private void ruleRollsBack(String agent) {
        OutcomeReports.report(clock, agent, ENV, 2, 100, 0.01);
        clock.advance(Duration.ofSeconds(30));
        for (int tick = 0; tick <= 40; tick++) {
            OutcomeReports.report(clock, agent, ENV, 2, 60, 0.30);
            evaluator.runOnce().await().atMost(WAIT);
            if (stableVersion(agent) == 1) {
                return;
            }
            clock.advance(Duration.ofSeconds(5));
        }
        throw new AssertionError("the rule did not roll back");
    }

    /** A planned rollout of version 2 whose canary is clearly worse: the judge rolls it back at its first run. */
    private void judgeRollsBack(String agent) {
        ok(execute("startPlannedRollout", Map.of("agent", agent, "environment", ENV, "version", 2)));
        clock.advance(Duration.ofSeconds(10));
        OutcomeReports.report(clock, agent, ENV, 1, "STABLE", 7_600, 0.012, 0.84);
        OutcomeReports.report(clock, agent, ENV, 2, "CANARY", 400, 0.084, 0.71);
        judge.runOnce().await().atMost(WAIT);
        assertThat(stableVersion(agent)).isEqualTo(1);
    }

    private void change(String agent, String environment, TrafficCommand command, Trigger trigger) {
        traffic.change(new TrafficRequest(agent, environment, command, null, null, "by the test as " + trigger,
                trigger, "test")).await().atMost(WAIT);
    }

    private static void ok(io.restassured.response.ValidatableResponse response) {
        response.body("errors", nullValue());
    }

    private static int stableVersion(String agent) {
        return execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1)).extract().jsonPath()
                .getInt("data.deployment.stableVersion");
    }

    /** The answer, its numbers read as doubles (JsonPath's default, float, would round milliseconds away). */
    private static JsonPath stats(String agent, String environment, Instant since) {
        String answer = execute("rollbackStats", variables(agent, environment, since)).body("errors", nullValue())
                .extract().asString();
        return new JsonPath(answer).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static Map<String, Object> variables(String agent, String environment, Instant since) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("agent", agent);
        variables.put("environment", environment);
        variables.put("since", since.toString());
        return variables;
    }

    /** The figures of a DurationStats against the values measured, median and p95 being their k-th (1-based). */
    private static void assertDurations(JsonPath stats, String path, List<Double> values, int medianRank,
            int p95Rank) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        assertThat(stats.getInt(path + ".samples")).as(path).isEqualTo(values.size());
        assertThat(stats.getDouble(path + ".meanMillis")).as(path + " mean")
                .isCloseTo(sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(EXACT));
        assertThat(stats.getDouble(path + ".medianMillis")).as(path + " median")
                .isCloseTo(sorted.get(medianRank - 1), within(EXACT));
        assertThat(stats.getDouble(path + ".p95Millis")).as(path + " p95")
                .isCloseTo(sorted.get(p95Rank - 1), within(EXACT));
        assertThat(stats.getDouble(path + ".maxMillis")).as(path + " max")
                .isCloseTo(sorted.get(sorted.size() - 1), within(EXACT));
    }

    /** One recorded event, as the deployment's history shows it. */
    private record Event(String type, String trigger, Instant decidedAt, Instant committedAt, Instant propagatedAt,
            String status) {
        double commit() {
            return millis(decidedAt, committedAt);
        }
    }

    private static Map<Integer, Event> events(String agent, String environment) {
        List<Map<String, Object>> nodes = execute("rollbackStatsEvents", Map.of("agent", agent, "environment",
                environment)).body("errors", nullValue()).extract().jsonPath()
                .getList("data.deployment.events.edges.node");
        Map<Integer, Event> events = new HashMap<>();
        for (Map<String, Object> node : nodes) {
            Object propagated = node.get("propagatedAt");
            @SuppressWarnings("unchecked")
            Map<String, Object> propagation = (Map<String, Object>) node.get("propagation");
            events.put((Integer) node.get("generation"), new Event((String) node.get("type"),
                    (String) node.get("trigger"), Instant.parse((String) node.get("decidedAt")),
                    Instant.parse((String) node.get("committedAt")),
                    propagated == null ? null : Instant.parse((String) propagated),
                    propagation == null ? null : (String) propagation.get("status")));
        }
        return events;
    }

    /** When the rollback rule's breach was first seen, as its alert recorded it. */
    private static Instant ruleOnset(String agent) throws SQLException {
        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                PreparedStatement query = connection.prepareStatement("select onset_at from alert "
                        + "where agent = ? and environment = ? and action = 'ROLLBACK'")) {
            query.setString(1, agent);
            query.setString(2, ENV);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("the rule's alert").isTrue();
                Instant onset = rows.getObject(1, OffsetDateTime.class).toInstant();
                assertThat(rows.next()).as("one rollback alert").isFalse();
                return onset;
            }
        }
    }

    private static double millis(Instant from, Instant to) {
        Duration duration = Duration.between(from, to);
        return duration.getSeconds() * 1_000.0 + duration.getNano() / 1_000_000.0;
    }

    /** The meters this test looks at, by a short name; missing ones are 0. */
    private Map<String, Double> meters() {
        Map<String, Double> values = new HashMap<>();
        for (String type : List.of("DEPLOYED", "ROLLOUT_STARTED")) {
            Counter counter = registry.find("tightrope.releases").tag("type", type).counter();
            values.put("releases " + type, counter == null ? 0 : counter.count());
        }
        for (Trigger trigger : Trigger.values()) {
            Counter counter = registry.find("tightrope.rollbacks").tag("trigger", trigger.name()).counter();
            values.put("rollbacks " + trigger, counter == null ? 0 : counter.count());
            Timer timer = registry.find("tightrope.time_to_recover").tag("trigger", trigger.name()).timer();
            values.put("recover count " + trigger, timer == null ? 0 : (double) timer.count());
            values.put("recover seconds " + trigger, timer == null ? 0
                    : timer.totalTime(java.util.concurrent.TimeUnit.SECONDS));
        }
        Timer judgeTimer = registry.find("tightrope.judge.time_to_detect").timer();
        values.put("judge detect count", judgeTimer == null ? 0 : (double) judgeTimer.count());
        values.put("judge detect seconds", judgeTimer == null ? 0
                : judgeTimer.totalTime(java.util.concurrent.TimeUnit.SECONDS));
        Timer rulesTimer = registry.find("tightrope.rules.time_to_detect").tag("action", "rollback").timer();
        values.put("rules detect count", rulesTimer == null ? 0 : (double) rulesTimer.count());
        return values;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.get(name) - before.get(name);
    }
}
