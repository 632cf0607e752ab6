package dev.tightrope.slack.web;

import static dev.tightrope.testing.SlackRequests.buttonClick;
import static dev.tightrope.testing.SlackRequests.interactionBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.rules.application.RuleEvaluator;
import dev.tightrope.slack.AlertFixtures;
import dev.tightrope.slack.SlackFixtures;
import dev.tightrope.slack.domain.SlackActions;
import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.SlackRequests;
import dev.tightrope.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The buttons of alert messages, clicked as Slack sends clicks (signed {@code block_actions} payloads) on real
 * alerts; answers arrive on the click's response_url, a loopback stand-in.
 */
@QuarkusTest
class AlertButtonsTest {

    private static final String WEBHOOK = "/services/T1/B1/alert-buttons";
    private static final String RESPONSE_PATH = "/actions/T1DC2JH3J/1577299513203/alertButtonsResponse";
    private static final String RULE = "IF error_rate > 15% THEN alert";

    @Inject
    Vertx vertx;
    @Inject
    TestClock clock;
    @Inject
    RuleEvaluator evaluator;
    @Inject
    AuditLog auditLog;

    FakeSlack slack;

    @BeforeEach
    void startSlack() throws Exception {
        slack = FakeSlack.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        clock.reset();
        slack.close();
    }

    @Test
    void acknowledgeAcknowledgesOnceAndASecondClickIsAnsweredPolitely() {
        String agent = AlertFixtures.agentWithRule("ack-click", RULE, slack.url(WEBHOOK));
        String id = AlertFixtures.fire(clock, evaluator, agent);
        String operator = SlackFixtures.linkedUser("OPERATOR");
        click(operator, SlackActions.ACKNOWLEDGE, "alert-" + id).statusCode(200).body(emptyString());

        JsonObject replaced = answer(1);
        assertThat(replaced.getString("response_type")).isEqualTo("in_channel");
        assertThat(replaced.getBoolean("replace_original")).isTrue();
        assertThat(replaced.encode()).contains("Acknowledged by <@" + operator + ">")
                .doesNotContain(SlackActions.ACKNOWLEDGE).contains(SlackActions.ALERT_ROLLBACK);
        assertThat(AlertFixtures.alert(agent, id)).containsEntry("acknowledgedBy", "slack:" + operator
                + " (roadrunner)");

        String other = SlackFixtures.linkedUser("ADMIN");
        click(other, SlackActions.ACKNOWLEDGE, "alert-" + id).statusCode(200);
        JsonObject again = answer(2);
        assertThat(again.getString("response_type")).isEqualTo("ephemeral");
        assertThat(again.getString("text")).isEqualTo("Alert " + id + " was already acknowledged by slack:"
                + operator + " (roadrunner)");
        assertThat(AlertFixtures.alert(agent, id)).containsEntry("acknowledgedBy", "slack:" + operator
                + " (roadrunner)");
        assertThat(SlackFixtures.slackAudit(auditLog, operator))
                .extracting(AuditRecord::operation, AuditRecord::outcome)
                .containsExactly(tuple("acknowledgeAlert", "OK"));
        assertThat(SlackFixtures.slackAudit(auditLog, other))
                .extracting(AuditRecord::operation, AuditRecord::outcome)
                .containsExactly(tuple("acknowledgeAlert", "CONFLICT"));
    }

    @Test
    void unlinkedUsersAndViewersCannotAcknowledge() {
        String agent = AlertFixtures.agentWithRule("ack-refused", RULE, slack.url(WEBHOOK));
        String id = AlertFixtures.fire(clock, evaluator, agent);
        click(SlackRequests.newUserId(), SlackActions.ACKNOWLEDGE, "alert-" + id).statusCode(200);
        assertThat(answer(1).getString("text")).startsWith("You are not linked to a Tightrope role");
        String viewer = SlackFixtures.linkedUser("VIEWER");
        click(viewer, SlackActions.ACKNOWLEDGE, "alert-" + id).statusCode(200);
        assertThat(answer(2).getString("text")).isEqualTo("You have the VIEWER role; acknowledge alert " + id
                + " needs OPERATOR or above. Nothing was changed.");
        assertThat(answer(2).getString("response_type")).isEqualTo("ephemeral");
        assertThat(AlertFixtures.alert(agent, id).get("acknowledgedBy")).isNull();
        assertThat(SlackFixtures.slackAudit(auditLog, viewer)).extracting(AuditRecord::outcome)
                .containsExactly("FORBIDDEN");
    }

    @Test
    void forgedClicksAndUnreadableValuesDoNothing() {
        String agent = AlertFixtures.agentWithRule("ack-forged", RULE, slack.url(WEBHOOK));
        String id = AlertFixtures.fire(clock, evaluator, agent);
        String operator = SlackFixtures.linkedUser("OPERATOR");
        String body = interactionBody(buttonClick(operator, SlackActions.ACKNOWLEDGE, "alert-" + id,
                slack.url(RESPONSE_PATH)));
        SlackRequests.post(SlackRoutes.INTERACTIONS, body, clock.instant().getEpochSecond(), "forged", Map.of())
                .statusCode(401);
        assertThat(slack.received(RESPONSE_PATH)).isEmpty();
        click(operator, SlackActions.ACKNOWLEDGE, id).statusCode(200);
        assertThat(answer(1).getString("text")).startsWith("This button does not name an alert Tightrope knows");
        click(operator, SlackActions.ACKNOWLEDGE, "alert-999999999999").statusCode(200);
        assertThat(answer(2).getString("text")).isEqualTo("Could not acknowledge alert 999999999999: Alert "
                + "999999999999 does not exist");
        assertThat(AlertFixtures.alert(agent, id).get("acknowledgedBy")).isNull();
    }

    @Test
    void rollBackNowRollsBackWithTriggerSlackAndTheAlertInTheReason() {
        String agent = AlertFixtures.agentWithRule("alert-rollback", RULE, slack.url(WEBHOOK));
        String id = AlertFixtures.fire(clock, evaluator, agent);
        String operator = SlackFixtures.linkedUser("OPERATOR");
        // a value naming another deployment than the alert's is refused
        click(operator, SlackActions.ALERT_ROLLBACK, "alert-" + id + ":someone-else:production:2").statusCode(200);
        assertThat(answer(1).getString("text")).startsWith("This button does not name an alert Tightrope knows");
        assertThat(SlackFixtures.generation(agent)).isEqualTo(2);

        click(operator, SlackActions.ALERT_ROLLBACK, "alert-" + id + ":" + agent + ":production:2").statusCode(200);
        JsonObject answer = answer(2);
        assertThat(answer.getString("response_type")).isEqualTo("in_channel");
        assertThat(answer.getString("text")).startsWith("⏪ " + agent + " · production: rolled back, version 2 → 1");
        Map<String, Object> last = SlackFixtures.deployment(agent).getMap("data.deployment.events.edges[0].node");
        assertThat(last).containsEntry("type", "ROLLED_BACK").containsEntry("trigger", "SLACK")
                .containsEntry("actor", "slack:" + operator + " (roadrunner)");
        assertThat((String) last.get("reason")).isEqualTo("\"Roll back now\" clicked in Slack on alert " + id
                + " (rule " + AlertFixtures.alert(agent, id).get("ruleId") + ": " + RULE + ")");
        List<AuditRecord> audit = SlackFixtures.slackAudit(auditLog, operator);
        assertThat(audit).extracting(AuditRecord::operation, AuditRecord::outcome)
                .containsExactly(tuple("rollback", "OK"));
        assertThat(audit.get(0).argumentsJson()).contains("\"expectedGeneration\":2").contains("alert " + id);
    }

    private ValidatableResponse click(String userId, String actionId, String value) {
        String body = interactionBody(buttonClick(userId, actionId, value, slack.url(RESPONSE_PATH)));
        return SlackRequests.post(SlackRoutes.INTERACTIONS, body, clock.instant().getEpochSecond(),
                SlackRequests.SIGNING_SECRET, Map.of());
    }

    private JsonObject answer(int count) {
        await().atMost(FakeSlack.patience()).until(() -> slack.received(RESPONSE_PATH).size() >= count);
        return slack.received(RESPONSE_PATH).get(count - 1).body();
    }
}
