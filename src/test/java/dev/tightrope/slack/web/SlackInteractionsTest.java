package dev.tightrope.slack.web;

import static dev.tightrope.testing.SlackRequests.buttonClick;
import static dev.tightrope.testing.SlackRequests.interactionBody;
import static dev.tightrope.testing.SlackRequests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.slack.SlackFixtures;
import dev.tightrope.slack.domain.SlackActions;
import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.SlackRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /slack/interactions}: button clicks as Slack sends them ({@code payload=} a block_actions JSON). Slack
 * gets an empty 200 at once; the answer arrives on the click's response_url, here a loopback stand-in.
 */
@QuarkusTest
class SlackInteractionsTest {

    private static final String RESPONSE_PATH = "/actions/T1DC2JH3J/1577299513202/EkXGc3AD4Ha1u9Yj0FPUve8x";

    @Inject
    Vertx vertx;
    @Inject
    AuditLog auditLog;

    FakeSlack slack;

    @BeforeEach
    void startSlack() throws Exception {
        slack = FakeSlack.start(vertx);
    }

    @AfterEach
    void stopSlack() throws Exception {
        slack.close();
    }

    private JsonObject click(String userId, String actionId, String agent, long generation) {
        return buttonClick(userId, actionId, agent + ":production:" + generation, slack.url(RESPONSE_PATH));
    }

    private JsonObject answer(int count) {
        await().atMost(FakeSlack.patience()).until(() -> slack.received(RESPONSE_PATH).size() >= count);
        return slack.received(RESPONSE_PATH).get(count - 1).body();
    }

    @Test
    void rollBackNowRollsBackAndTellsTheChannel() {
        String agent = SlackFixtures.agentWithCanary("click-rollback");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        post(SlackRoutes.INTERACTIONS, interactionBody(click(operator, SlackActions.ROLLBACK, agent, 3)))
                .statusCode(200).body(emptyString());
        JsonObject answer = answer(1);
        assertThat(answer.getString("response_type")).isEqualTo("in_channel");
        assertThat(answer.getBoolean("replace_original")).isFalse();
        assertThat(answer.getString("text")).startsWith("⏪ " + agent + " · production: rolled back, version 3 → 2");
        Map<String, Object> last = SlackFixtures.deployment(agent).getMap("data.deployment.events.edges[0].node");
        assertThat(last).containsEntry("type", "ROLLED_BACK").containsEntry("trigger", "SLACK")
                .containsEntry("actor", "slack:" + operator + " (roadrunner)")
                .containsEntry("reason", "\"Roll back now\" clicked in Slack");
        List<AuditRecord> audit = SlackFixtures.slackAudit(auditLog, operator);
        assertThat(audit).extracting(AuditRecord::operation, AuditRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rollback", "OK"));
        assertThat(audit.get(0).argumentsJson()).contains("\"expectedGeneration\":3");
    }

    @Test
    void promoteMakesTheCanaryStable() {
        String agent = SlackFixtures.agentWithCanary("click-promote");
        post(SlackRoutes.INTERACTIONS, interactionBody(click(SlackFixtures.linkedUser("ADMIN"),
                SlackActions.PROMOTE, agent, 3))).statusCode(200);
        assertThat(answer(1).getString("text")).startsWith("✅ " + agent + " · production: version 3 promoted");
        assertThat(SlackFixtures.deployment(agent).getInt("data.deployment.stableVersion")).isEqualTo(3);
    }

    @Test
    void aButtonOnAnOutdatedMessageGetsAConflictAndDoesNothing() {
        String agent = SlackFixtures.agentWithCanary("click-stale");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        // the message showed generation 2; the canary started since (generation 3)
        post(SlackRoutes.INTERACTIONS, interactionBody(click(operator, SlackActions.ROLLBACK, agent, 2)))
                .statusCode(200);
        JsonObject answer = answer(1);
        assertThat(answer.getString("response_type")).isEqualTo("ephemeral");
        assertThat(answer.getString("text")).isEqualTo("This message is out of date: the deployment changed since "
                + "(generation 2 → 3). Nothing was done; check `/tightrope status` and decide again.");
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
        assertThat(SlackFixtures.deployment(agent).getString("data.deployment.rollout.status")).isEqualTo("RUNNING");
        assertThat(SlackFixtures.slackAudit(auditLog, operator)).extracting(AuditRecord::outcome)
                .containsExactly("CONFLICT");
    }

    @Test
    void unknownUsersAndViewersAreRefused() {
        String agent = SlackFixtures.agentWithCanary("click-refused");
        post(SlackRoutes.INTERACTIONS, interactionBody(click(SlackRequests.newUserId(), SlackActions.ROLLBACK,
                agent, 3))).statusCode(200);
        assertThat(answer(1).getString("text")).startsWith("You are not linked to a Tightrope role");
        assertThat(answer(1).getString("response_type")).isEqualTo("ephemeral");
        post(SlackRoutes.INTERACTIONS, interactionBody(click(SlackFixtures.linkedUser("VIEWER"),
                SlackActions.PROMOTE, agent, 3))).statusCode(200);
        assertThat(answer(2).getString("text")).startsWith("You have the VIEWER role; promote " + agent);
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
    }

    @Test
    void theSameClickDeliveredTwiceActsOnce() {
        String agent = SlackFixtures.agentWithCanary("click-twice");
        String body = interactionBody(click(SlackFixtures.linkedUser("OPERATOR"), SlackActions.ROLLBACK, agent, 3));
        long now = Instant.now().getEpochSecond();
        post(SlackRoutes.INTERACTIONS, body, now, SlackRequests.SIGNING_SECRET, Map.of()).statusCode(200);
        answer(1);
        // Slack's retry: same payload, new timestamp, X-Slack-Retry-Num
        post(SlackRoutes.INTERACTIONS, body, now + 2, SlackRequests.SIGNING_SECRET, Map.of("X-Slack-Retry-Num", "1"))
                .statusCode(200).body(emptyString());
        // the claim is decided before the acknowledgement: no second answer can follow
        assertThat(slack.received(RESPONSE_PATH)).hasSize(1);
        assertThat(SlackFixtures.generation(agent)).isEqualTo(4);
    }

    @Test
    void openDashboardNeedsNoActionAndUnknownButtonsAreExplained() {
        String agent = SlackFixtures.agentWithCanary("click-link");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        post(SlackRoutes.INTERACTIONS, interactionBody(click(operator, SlackActions.DASHBOARD, agent, 3)))
                .statusCode(200);
        post(SlackRoutes.INTERACTIONS, interactionBody(click(operator, "tightrope.self-destruct", agent, 3)))
                .statusCode(200);
        assertThat(answer(1).getString("text")).isEqualTo("This button (tightrope.self-destruct) is not supported "
                + "by this Tightrope; nothing was done.");
        assertThat(slack.received(RESPONSE_PATH)).hasSize(1);
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
    }

    @Test
    void badSignaturesAndMalformedPayloadsAreRefused() {
        String agent = SlackFixtures.agentWithCanary("click-forged");
        String body = interactionBody(click(SlackFixtures.linkedUser("OPERATOR"), SlackActions.ROLLBACK, agent, 3));
        post(SlackRoutes.INTERACTIONS, body, Instant.now().getEpochSecond(), "forged", Map.of()).statusCode(401);
        post(SlackRoutes.INTERACTIONS, body, Instant.now().getEpochSecond() - 301, SlackRequests.SIGNING_SECRET,
                Map.of()).statusCode(401);
        post(SlackRoutes.INTERACTIONS, "payload=%7Bnot+json").statusCode(400)
                .body(containsString("not a JSON object"));
        post(SlackRoutes.INTERACTIONS, "token=abc").statusCode(400);
        post(SlackRoutes.INTERACTIONS, interactionBody(new JsonObject().put("type", "block_actions").put("user", "U1")))
                .statusCode(400).body(containsString("does not have the shape"));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
        assertThat(slack.received(RESPONSE_PATH)).isEmpty();
    }
}
