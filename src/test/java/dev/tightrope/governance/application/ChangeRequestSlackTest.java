package dev.tightrope.governance.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static dev.tightrope.testing.SlackRequests.buttonClick;
import static dev.tightrope.testing.SlackRequests.interactionBody;
import static dev.tightrope.testing.SlackRequests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.governance.GovernanceFixtures;
import dev.tightrope.governance.domain.ChangeRequestMessages;
import dev.tightrope.slack.SlackFixtures;
import dev.tightrope.slack.web.SlackRoutes;
import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.SlackRequests;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Change requests in Slack: posted to the agent's webhook with Approve and Reject, decided by a linked OPERATOR's
 * click (signed by Slack, claimed once: a retried click never acts twice), audited as SLACK.
 */
@QuarkusTest
class ChangeRequestSlackTest {

    private static final String WEBHOOK = "/services/T1/B1/change-requests";
    private static final String RESPONSE = "/actions/T1DC2JH3J/1/change-request-answers";

    @Inject
    Vertx vertx;
    @Inject
    AuditLog auditLog;

    private FakeSlack slack;
    private String agent;

    @BeforeEach
    void protectedAgentWithItsOwnWebhook() throws Exception {
        slack = FakeSlack.start(vertx);
        agent = Fixtures.agentWithVersions("slack-approval", 2);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1)).body("errors", nullValue());
        execute("setSlackWebhook", Map.of("agent", agent, "webhookUrl", slack.url(WEBHOOK))).body("errors", nullValue());
        GovernanceFixtures.protect(agent, "production", true, null, null);
    }

    @AfterEach
    void stopSlack() throws Exception {
        slack.close();
    }

    @Test
    void anOperatorApprovesInSlackAndARetriedClickDoesNothingMore() {
        String id = requestDeployOfVersion2();
        JsonObject posted = posted(1);
        assertThat(posted.getString("text")).isEqualTo("Approval needed: deploy version 2 on " + agent
                + " · production (change request " + id + ")");
        JsonArray buttons = actions(posted);
        assertThat(buttons.stream().map(b -> ((JsonObject) b).getString("action_id")).toList())
                .containsExactly(ChangeRequestMessages.APPROVE, ChangeRequestMessages.REJECT);
        assertThat(buttons.getJsonObject(0).getString("value")).isEqualTo("change-request-" + id);

        String operator = SlackFixtures.linkedUser("OPERATOR");
        String body = interactionBody(buttonClick(operator, ChangeRequestMessages.APPROVE, "change-request-" + id,
                slack.url(RESPONSE)));
        long now = Instant.now().getEpochSecond();
        post(SlackRoutes.INTERACTIONS, body, now, SlackRequests.SIGNING_SECRET, Map.of()).statusCode(200);
        JsonObject answer = answer(1);
        assertThat(answer.getString("response_type")).isEqualTo("in_channel");
        assertThat(answer.getString("text")).startsWith("✅ Change request " + id + " (deploy version 2 on " + agent
                + " · production) was approved by slack:" + operator + " (roadrunner) and applied (generation 2)");
        assertThat(answer.getJsonArray("blocks").getJsonObject(0).getJsonObject("text").getString("text"))
                .as("the blocks mention the approver").contains("approved by <@" + operator + ">");
        // Slack's retry of the same click: answered 200, nothing done again
        post(SlackRoutes.INTERACTIONS, body, now + 2, SlackRequests.SIGNING_SECRET, Map.of("X-Slack-Retry-Num", "1"))
                .statusCode(200);
        execute("changeRequest", Map.of("id", id)).body("data.changeRequest.state", equalTo("APPLIED"))
                .body("data.changeRequest.decidedBy", equalTo("slack:" + operator + " (roadrunner)"));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(2)).body("data.deployment.stableVersion", equalTo(2));
        // a new click on the old message: the request is no longer pending
        post(SlackRoutes.INTERACTIONS, interactionBody(buttonClick(operator, ChangeRequestMessages.APPROVE,
                "change-request-" + id, slack.url(RESPONSE)))).statusCode(200);
        assertThat(answer(2).getString("text")).contains("is APPLIED by slack:" + operator);
        assertThat(slack.received(RESPONSE)).hasSize(2);
        // the channel hears how it ended, next to the deploy's own notification
        await().atMost(FakeSlack.patience()).until(() -> slack.received(WEBHOOK).stream()
                .anyMatch(post -> post.body().getString("text").startsWith("✅ Change request " + id)));
        assertThat(slack.received(WEBHOOK)).anyMatch(post -> post.body().getString("text")
                .contains("approved by slack:" + operator));
        List<AuditRecord> audit = SlackFixtures.slackAudit(auditLog, operator);
        assertThat(audit).extracting(AuditRecord::operation, AuditRecord::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("approveChange", "CONFLICT"),
                org.assertj.core.groups.Tuple.tuple("approveChange", "OK"));
    }

    @Test
    void aSlackUserLinkedToTheRequestersTokenIsTheSamePersonAndMayNotApprove() {
        Tokens.Created alice = Tokens.create(Fixtures.uniqueSlug("alice"), Role.OPERATOR, null);
        String alicesSlack = SlackRequests.newUserId();
        execute("linkSlackUser", Map.of("slackUserId", alicesSlack, "role", "OPERATOR", "apiToken", alice.name()))
                .body("errors", nullValue());
        String id = executeAs(alice.secret(), "requestChange", Map.of("operation", "DEPLOY", "agent", agent,
                "environment", "production", "version", 2, "reason", "refund fix")).statusCode(200)
                .body("errors", nullValue()).extract().path("data.requestChange.id");
        posted(1);
        post(SlackRoutes.INTERACTIONS, interactionBody(buttonClick(alicesSlack, ChangeRequestMessages.APPROVE,
                "change-request-" + id, slack.url(RESPONSE)))).statusCode(200);
        assertThat(answer(1).getString("text")).contains("yourself");
        execute("changeRequest", Map.of("id", id)).body("data.changeRequest.state", equalTo("PENDING"));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.stableVersion", equalTo(1));
        // another person's Slack user may
        post(SlackRoutes.INTERACTIONS, interactionBody(buttonClick(SlackFixtures.linkedUser("OPERATOR"),
                ChangeRequestMessages.APPROVE, "change-request-" + id, slack.url(RESPONSE)))).statusCode(200);
        assertThat(answer(2).getString("text")).startsWith("✅ Change request " + id);
        execute("changeRequest", Map.of("id", id)).body("data.changeRequest.state", equalTo("APPLIED"));
    }

    @Test
    void viewersAreRefusedAndRejectClosesTheRequest() {
        String id = requestDeployOfVersion2();
        posted(1);
        post(SlackRoutes.INTERACTIONS, interactionBody(buttonClick(SlackFixtures.linkedUser("VIEWER"),
                ChangeRequestMessages.APPROVE, "change-request-" + id, slack.url(RESPONSE)))).statusCode(200);
        assertThat(answer(1).getString("text")).startsWith("You have the VIEWER role; approve change request " + id);
        String operator = SlackFixtures.linkedUser("OPERATOR");
        post(SlackRoutes.INTERACTIONS, interactionBody(buttonClick(operator, ChangeRequestMessages.REJECT,
                "change-request-" + id, slack.url(RESPONSE)))).statusCode(200);
        assertThat(answer(2).getString("text")).startsWith("🚫 Change request " + id);
        execute("changeRequest", Map.of("id", id)).body("data.changeRequest.state", equalTo("REJECTED"))
                .body("data.changeRequest.decisionReason", equalTo("Rejected in Slack by slack:" + operator
                        + " (roadrunner)"));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.stableVersion", equalTo(1));
        post(SlackRoutes.INTERACTIONS, interactionBody(buttonClick(operator, ChangeRequestMessages.APPROVE,
                "change-request-x", slack.url(RESPONSE)))).statusCode(200);
        assertThat(answer(3).getString("text")).contains("does not name a change request");
    }

    private String requestDeployOfVersion2() {
        return executeAs(Tokens.of(Role.OPERATOR), "requestChange", Map.of("operation", "DEPLOY", "agent", agent,
                "environment", "production", "version", 2, "reason", "refund fix")).statusCode(200)
                .body("errors", nullValue()).extract().path("data.requestChange.id");
    }

    private JsonObject posted(int count) {
        await().atMost(FakeSlack.patience()).until(() -> slack.received(WEBHOOK).size() >= count);
        return slack.received(WEBHOOK).get(count - 1).body();
    }

    private JsonObject answer(int count) {
        await().atMost(FakeSlack.patience()).until(() -> slack.received(RESPONSE).size() >= count);
        return slack.received(RESPONSE).get(count - 1).body();
    }

    private static JsonArray actions(JsonObject message) {
        for (Object block : message.getJsonArray("blocks")) {
            JsonObject json = (JsonObject) block;
            if ("actions".equals(json.getString("type"))) {
                return json.getJsonArray("elements");
            }
        }
        throw new AssertionError("no actions block in " + message.encode());
    }
}
