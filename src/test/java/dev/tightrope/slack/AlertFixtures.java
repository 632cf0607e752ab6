package dev.tightrope.slack;

import static dev.tightrope.slack.SlackFixtures.ENV;
import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tightrope.rules.application.RuleEvaluator;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.OutcomeReports;
import dev.tightrope.testing.TestClock;

/**
 * Real alerts for Slack tests: an agent with one rule of the test's choosing (its default rules off), outcomes
 * reported over NDJSON, and the evaluator driven by hand (its schedule is off in tests).
 */
public final class AlertFixtures {

    private AlertFixtures() {
    }

    /**
     * An agent stable on version 2 in production (deployed over version 1), whose only rule is {@code rule} and whose
     * Slack notifications go to {@code webhookUrl}.
     */
    public static String agentWithRule(String prefix, String rule, String webhookUrl) {
        String agent = Fixtures.agentWithVersions(prefix, 2);
        execute("setSlackWebhook", Map.of("agent", agent, "webhookUrl", webhookUrl)).body("errors", nullValue());
        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", agent, "expression", rule)).body("errors", nullValue());
        SlackFixtures.deploy(agent, 1);
        SlackFixtures.deploy(agent, 2);
        return agent;
    }

    /** 40 outcomes of version 2, half of them errors, then one evaluation pass; the id of the alert that fired. */
    public static String fire(TestClock clock, RuleEvaluator evaluator, String agent) {
        clock.advance(Duration.ofSeconds(10));
        OutcomeReports.report(clock, agent, ENV, 2, 40, 0.5);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        List<String> ids = execute("alerts", Map.of("agent", agent, "state", "FIRING")).body("errors", nullValue())
                .extract().jsonPath().getList("data.alerts.edges.node.id", String.class);
        assertThat(ids).as("one alert fired").hasSize(1);
        return ids.get(0);
    }

    /** Enough healthy outcomes of version 2 to bring the error rate under 15 %, then one pass. */
    public static void recover(TestClock clock, RuleEvaluator evaluator, String agent) {
        clock.advance(Duration.ofSeconds(5));
        OutcomeReports.report(clock, agent, ENV, 2, 400, 0.0);
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
    }

    /** The alert as the GraphQL {@code alerts} query shows it. */
    public static Map<String, Object> alert(String agent, String id) {
        return execute("alerts", Map.of("agent", agent)).body("errors", nullValue()).extract().jsonPath()
                .getMap("data.alerts.edges.find { it.node.id == '" + id + "' }.node");
    }
}
