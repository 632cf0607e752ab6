package dev.tightrope.slack.web;

import static dev.tightrope.slack.SlackFixtures.ENV;
import static dev.tightrope.testing.SlackRequests.command;
import static dev.tightrope.testing.SlackRequests.formBody;
import static dev.tightrope.testing.SlackRequests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.SlackRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;

/** {@code POST /slack/commands} with bodies shaped like Slack's slash command requests. */
@QuarkusTest
class SlackCommandsTest {

    @Inject
    Vertx vertx;
    @Inject
    AuditLog auditLog;
    @Inject
    dev.tightrope.testing.TestClock clock;

    FakeSlack slack;
    String responseUrl;

    @BeforeEach
    void startSlack() throws Exception {
        slack = FakeSlack.start(vertx);
        responseUrl = slack.url("/commands/T1DC2JH3J/1234/x");
    }

    @AfterEach
    void stopSlack() throws Exception {
        slack.close();
    }

    private io.restassured.response.ValidatableResponse send(String userId, String text) {
        return post(SlackRoutes.COMMANDS, formBody(command(userId, text, responseUrl)));
    }

    @Test
    void helpIsAnsweredOnlyToTheAsker() {
        send(SlackRequests.newUserId(), "help")
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("response_type", equalTo("ephemeral"))
                .body("blocks[0].text.text", containsString(
                        "/tightrope rollback &lt;agent&gt; [env] [to &lt;n&gt;] [reason…]"))
                .body("blocks[0].text.text", containsString("/tightrope status &lt;agent&gt; [env]"));
        send(SlackRequests.newUserId(), "")
                .statusCode(200)
                .body("text", equalTo("Tightrope commands"));
    }

    @Test
    void anUnknownCommandExplainsTheUsage() {
        send(SlackRequests.newUserId(), "deploy support-bot 3")
                .statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", equalTo("Unknown command 'deploy'."))
                .body("blocks[1].text.text", containsString("status &lt;agent&gt; [env]"));
    }

    @Test
    void anyoneMayReadTheStatusWithTheButtonsThatFit() {
        String agent = SlackFixtures.agentWithCanary("slack-status");
        send(SlackRequests.newUserId(), "status " + agent)
                .statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", equalTo(agent + " · production: stable version 2, canary version 3 at 10 %, "
                        + "generation 3; rollback drill overdue")) // never drilled: its rollback is unproven
                .body("blocks[0].text.text", equalTo("📍 " + agent + " · production"))
                .body("blocks[1].fields[3].text", equalTo("*Last passing drill*\nnone ⚠️ overdue: rollback is "
                        + "unproven"))
                .body("blocks[2].elements[0].text", containsString("canary started, version 3 at 10 %"))
                .body("blocks[3].elements.action_id", equalTo(List.of("tightrope.rollback", "tightrope.promote",
                        "tightrope.dashboard")))
                .body("blocks[3].elements[0].value", equalTo(agent + ":production:3"))
                .body("blocks[3].elements[0].confirm.style", equalTo("danger"));
    }

    @Test
    void statusOfAnEnvironmentWithNothingDeployedSaysWhereItIs() {
        String agent = SlackFixtures.agentWithCanary("slack-nowhere");
        send(SlackRequests.newUserId(), "status " + agent + " staging")
                .statusCode(200)
                .body("text", equalTo("`" + agent + "` has nothing deployed in `staging`. It is deployed in: "
                        + "`production`."));
        send(SlackRequests.newUserId(), "status no-such-agent-x1")
                .statusCode(200)
                .body("text", equalTo("Could not show the status of no-such-agent-x1 in production: "
                        + "No agent with slug 'no-such-agent-x1'"));
    }

    @Test
    void rollbackActsAtOnceAndIsAnnouncedInTheChannel() {
        String agent = SlackFixtures.agentWithCanary("slack-rollback");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        send(operator, "rollback " + agent)
                .statusCode(200)
                .body("response_type", equalTo("in_channel"))
                .body("blocks[0].text.text", equalTo("⏪ " + agent + " · production: rolled back, version 3 → 2"))
                .body("blocks[1].fields.text", hasItem("*Triggered by*\nSlack (<@" + operator + ">)"));
        JsonPath deployment = SlackFixtures.deployment(agent);
        assertThat(deployment.getInt("data.deployment.stableVersion")).isEqualTo(2);
        assertThat(deployment.getString("data.deployment.rollout")).isNull();
        Map<String, Object> last = deployment.getMap("data.deployment.events.edges[0].node");
        assertThat(last).containsEntry("type", "ROLLED_BACK").containsEntry("trigger", "SLACK")
                .containsEntry("actor", "slack:" + operator + " (roadrunner)").containsEntry("generation", 4);
        List<AuditRecord> audit = SlackFixtures.slackAudit(auditLog, operator);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).operation()).isEqualTo("rollback");
        assertThat(audit.get(0).outcome()).isEqualTo("OK");
        assertThat(audit.get(0).tokenId()).isNull();
        assertThat(audit.get(0).argumentsJson()).contains("\"agent\":\"" + agent + "\"", "\"environment\":\"production\"",
                "\"generation\":4");
    }

    @Test
    void rollbackToAVersionWithAReason() {
        String agent = SlackFixtures.agentDeployedThrough3("slack-rollback-to");
        String admin = SlackFixtures.linkedUser("ADMIN");
        send(admin, "rollback " + agent + " production to 1 wrong refund amounts & tone")
                .statusCode(200)
                .body("response_type", equalTo("in_channel"))
                .body("blocks[2].text.text", equalTo("*Why:* wrong refund amounts &amp; tone"));
        Map<String, Object> last = SlackFixtures.deployment(agent).getMap("data.deployment.events.edges[0].node");
        assertThat(last).containsEntry("type", "ROLLED_BACK").containsEntry("fromVersion", 3)
                .containsEntry("toVersion", 1).containsEntry("reason", "wrong refund amounts & tone");
    }

    @Test
    void promoteMakesTheCanaryStable() {
        String agent = SlackFixtures.agentWithCanary("slack-promote");
        send(SlackFixtures.linkedUser("OPERATOR"), "promote " + agent + " " + ENV + " metrics look good")
                .statusCode(200)
                .body("response_type", equalTo("in_channel"))
                .body("blocks[0].text.text", equalTo("✅ " + agent + " · production: version 3 promoted to stable"))
                .body("blocks[4].elements.action_id", equalTo(List.of("tightrope.rollback", "tightrope.dashboard")));
        JsonPath deployment = SlackFixtures.deployment(agent);
        assertThat(deployment.getInt("data.deployment.stableVersion")).isEqualTo(3);
        assertThat(deployment.getString("data.deployment.events.edges[0].node.reason")).isEqualTo("metrics look good");
    }

    @Test
    void pauseAndResume() {
        String agent = SlackFixtures.agentWithCanary("slack-pause");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        send(operator, "pause " + agent)
                .statusCode(200)
                .body("blocks[0].text.text", equalTo("⏸️ " + agent + " · production: rollout of version 3 paused at 10 %"));
        assertThat(SlackFixtures.deployment(agent).getString("data.deployment.rollout.status")).isEqualTo("PAUSED");
        send(operator, "resume " + agent)
                .statusCode(200)
                .body("blocks[0].text.text", equalTo("▶️ " + agent + " · production: rollout of version 3 resumed at 10 %"));
        assertThat(SlackFixtures.deployment(agent).getString("data.deployment.rollout.status")).isEqualTo("RUNNING");
    }

    @Test
    void aRollbackCommandRightAfterAnotherRollbackDoesNothingUnlessItNamesItsVersion() {
        String agent = SlackFixtures.agentWithCanary("slack-repeat");
        String alice = SlackFixtures.linkedUser("OPERATOR");
        String bob = SlackFixtures.linkedUser("OPERATOR");
        send(alice, "rollback " + agent + " production canary looks bad").statusCode(200)
                .body("response_type", equalTo("in_channel"));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(4); // the canary ended, version 2 stays stable
        // Bob typed the same a few seconds later; without the check he would roll the healthy version 2 back to 1
        send(bob, "rollback " + agent + " production canary looks bad").statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", containsString(agent + " in production was rolled back "))
                .body("text", containsString("by SLACK (slack:" + alice + " (roadrunner)), version 3 → 2. Nothing "
                        + "more was done. To roll back further, name the version: `/tightrope rollback " + agent
                        + " production to &lt;n&gt;`."));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(4);
        assertThat(SlackFixtures.slackAudit(auditLog, bob)).extracting(AuditRecord::operation, AuditRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rollback", "CONFLICT"));
        try {
            clock.advance(java.time.Duration.ofSeconds(61)); // past the window: a rollback acts again
            send(bob, "rollback " + agent + " production still bad").statusCode(200)
                    .body("response_type", equalTo("in_channel"))
                    .body("blocks[0].text.text", equalTo("⏪ " + agent + " · production: rolled back, version 2 → 1"));
        } finally {
            clock.reset();
        }
        assertThat(SlackFixtures.deployment(agent).getInt("data.deployment.stableVersion")).isEqualTo(1);
    }

    @Test
    void aRollbackCommandThatNamesItsVersionActsEvenRightAfterAnother() {
        String agent = SlackFixtures.agentDeployedThrough3("slack-repeat-to");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        send(operator, "rollback " + agent).statusCode(200).body("response_type", equalTo("in_channel"));
        send(operator, "rollback " + agent + " production to 1").statusCode(200)
                .body("response_type", equalTo("in_channel"))
                .body("blocks[0].text.text", equalTo("⏪ " + agent + " · production: rolled back, version 2 → 1"));
    }

    @Test
    void rollbackCommandsTypedAtTheSameMomentMakeOneRollback() throws Exception {
        String agent = SlackFixtures.agentWithCanary("slack-race");
        List<String> operators = List.of(SlackFixtures.linkedUser("OPERATOR"), SlackFixtures.linkedUser("OPERATOR"),
                SlackFixtures.linkedUser("ADMIN"), SlackFixtures.linkedUser("OPERATOR"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<JsonPath>> answers = new java.util.ArrayList<>();
            for (String operator : operators) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return send(operator, "rollback " + agent + " production incident").statusCode(200).extract().jsonPath();
                }));
            }
            start.countDown();
            List<String> kinds = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<JsonPath> answer : answers) {
                JsonPath json = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                String text = json.getString("text");
                kinds.add("in_channel".equals(json.getString("response_type")) ? "acted"
                        : text.startsWith("Someone else changed the deployment while your command ran (generation 3 "
                                + "→ 4)") || text.contains(" was rolled back ") ? "told" : text);
            }
            assertThat(kinds).as("one acts; the others hear that someone acted first").containsExactlyInAnyOrder(
                    "acted", "told", "told", "told");
        } finally {
            pool.shutdownNow();
        }
        JsonPath deployment = SlackFixtures.deployment(agent);
        assertThat(deployment.getInt("data.deployment.generation")).isEqualTo(4);
        assertThat(deployment.getInt("data.deployment.stableVersion")).isEqualTo(2);
    }

    @Test
    void aChangeThatDoesNotFitTheStateIsExplainedOnlyToTheAsker() {
        String agent = Fixtures.agentWithVersions("slack-no-rollout", 2);
        SlackFixtures.deploy(agent, 1);
        send(SlackFixtures.linkedUser("OPERATOR"), "promote " + agent)
                .statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", equalTo("Could not promote " + agent + " in production: no rollout is in progress; "
                        + "there is nothing to promote"));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(1);
    }

    @Test
    void aFreezeOrAProtectedEnvironmentIsExplainedWithAdviceSlackCanFollow() {
        String agent = SlackFixtures.agentWithCanary("slack-governed");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        String freeze = dev.tightrope.testing.GraphQLClient.execute("createFreeze", Map.of("environment", ENV,
                "agent", agent, "reason", "holiday", "from", Instant.now().minusSeconds(60).toString(),
                "to", Instant.now().plusSeconds(3_600).toString())).body("errors", org.hamcrest.Matchers.nullValue())
                .extract().path("data.createFreeze.id");
        try {
            send(operator, "promote " + agent).statusCode(200)
                    .body("response_type", equalTo("ephemeral"))
                    .body("text", containsString("Could not promote " + agent + " in production: the environment is "
                            + "frozen until "))
                    .body("text", containsString("(holiday). Rollbacks and pauses still work here; an ADMIN can act "
                            + "anyway from the dashboard or the API (overrideFreeze)."))
                    .body("text", org.hamcrest.Matchers.not(containsString("overrideFreeze: ")));
        } finally {
            dev.tightrope.testing.GraphQLClient.execute("deleteFreeze", Map.of("id", freeze))
                    .body("errors", org.hamcrest.Matchers.nullValue());
        }
        dev.tightrope.testing.GraphQLClient.execute("protectEnvironment", Map.of("environment", ENV, "agent", agent))
                .body("errors", org.hamcrest.Matchers.nullValue());
        try {
            send(operator, "promote " + agent).statusCode(200)
                    .body("text", equalTo("Could not promote " + agent + " in production: production is a protected "
                            + "environment for " + agent + ": promote needs a second person's approval. Ask for it "
                            + "from the dashboard or with the API's requestChange. Nothing was changed."));
        } finally {
            dev.tightrope.testing.GraphQLClient.execute("unprotectEnvironment", Map.of("environment", ENV,
                    "agent", agent)).body("errors", org.hamcrest.Matchers.nullValue());
        }
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
    }

    @Test
    void anUnknownUserMayNotChangeTraffic() {
        String agent = SlackFixtures.agentWithCanary("slack-unknown");
        String stranger = SlackRequests.newUserId();
        send(stranger, "rollback " + agent)
                .statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", containsString("You are not linked to a Tightrope role, so you can only read status"))
                .body("text", containsString("linkSlackUser(slackUserId: \"" + stranger + "\", role: OPERATOR)"));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
    }

    @Test
    void aViewerMayNotChangeTraffic() {
        String agent = SlackFixtures.agentWithCanary("slack-viewer");
        String viewer = SlackFixtures.linkedUser("VIEWER");
        send(viewer, "promote " + agent)
                .statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", equalTo("You have the VIEWER role; promote " + agent + " in production needs OPERATOR "
                        + "or above. Nothing was changed."));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
        assertThat(SlackFixtures.slackAudit(auditLog, viewer)).extracting(AuditRecord::operation, AuditRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("promote", "FORBIDDEN"));
    }

    @Test
    void requestsWithoutAValidFreshSignatureAreRefusedAndDoNothing() {
        String agent = SlackFixtures.agentWithCanary("slack-signature");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        String body = formBody(command(operator, "rollback " + agent, responseUrl));
        long now = Instant.now().getEpochSecond();
        post(SlackRoutes.COMMANDS, body, now, "not-the-signing-secret", Map.of())
                .statusCode(401).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body(containsString("(mismatch)"));
        post(SlackRoutes.COMMANDS, body, now - 6 * 60, SlackRequests.SIGNING_SECRET, Map.of())
                .statusCode(401).body(containsString("(stale)"));
        post(SlackRoutes.COMMANDS, body, now + 6 * 60, SlackRequests.SIGNING_SECRET, Map.of())
                .statusCode(401).body(containsString("(stale)"));
        io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded").body(body)
                .when().post(SlackRoutes.COMMANDS).then().statusCode(401).body(containsString("(missing)"));
        // a signed body changed on the way: the signature no longer matches
        byte[] signedFor = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String ts = Long.toString(now);
        io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", dev.tightrope.slack.domain.SlackSignature.sign(
                        SlackRequests.SIGNING_SECRET, ts, signedFor))
                .body(body.replace("rollback", "promote"))
                .when().post(SlackRoutes.COMMANDS).then().statusCode(401);
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
    }

    @Test
    void aSignedBodyThatIsNotFormEncodedOrCarriesANulIsACodedRefusalAndDoesNothing() {
        String agent = SlackFixtures.agentWithCanary("slack-malformed");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        String body = formBody(command(operator, "rollback " + agent, responseUrl));
        io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded").body("text=%zz%")
                .when().post(SlackRoutes.COMMANDS).then().statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        post(SlackRoutes.COMMANDS, body + "&broken=%zz").statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("not form-encoded"));
        post(SlackRoutes.COMMANDS, formBody(command(operator, "rollback " + agent + "\u0000", responseUrl)))
                .statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("field 'text' must not contain the NUL character"));
        post(SlackRoutes.INTERACTIONS, "payload=%7Bnot-json").statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        post(SlackRoutes.INTERACTIONS, "payload=" + java.net.URLEncoder.encode(
                "{\"type\":\"block_actions\",\"user\":{\"id\":5},\"actions\":7}",
                java.nio.charset.StandardCharsets.UTF_8)).statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("shape of a Slack block_actions payload"));
        // over the Slack routes' own 1 MiB (under the 2 MiB of every other path): the refusal names 1 MiB
        post(SlackRoutes.COMMANDS, body + "&pad=" + "x".repeat(1024 * 1024)).statusCode(413)
                .body("errors[0].extensions.code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("errors[0].extensions.limitBytes", equalTo(1024 * 1024))
                .body("errors[0].message", containsString("(1 MiB)"));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(3);
    }

    @Test
    void aRetryOrAReplayOfTheSameCommandNeverActsTwice() {
        String agent = SlackFixtures.agentWithCanary("slack-retry");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        String body = formBody(command(operator, "pause " + agent, responseUrl));
        long now = Instant.now().getEpochSecond();
        post(SlackRoutes.COMMANDS, body, now, SlackRequests.SIGNING_SECRET, Map.of())
                .statusCode(200).body("response_type", equalTo("in_channel"));
        assertThat(SlackFixtures.generation(agent)).isEqualTo(4);
        // Slack retries with the same body, a new timestamp and X-Slack-Retry-Num
        post(SlackRoutes.COMMANDS, body, now + 1, SlackRequests.SIGNING_SECRET,
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))
                .statusCode(200).body(emptyString());
        // an attacker replays the captured request (same timestamp and signature) within the window
        post(SlackRoutes.COMMANDS, body, now, SlackRequests.SIGNING_SECRET, Map.of())
                .statusCode(200).body(emptyString());
        assertThat(SlackFixtures.generation(agent)).isEqualTo(4);
        assertThat(SlackFixtures.deployment(agent).getString("data.deployment.rollout.status")).isEqualTo("PAUSED");
        assertThat(SlackFixtures.slackAudit(auditLog, operator)).as("one action, one audit entry").hasSize(1);
    }

    @Test
    void aSlowChangeIsAnsweredWithinThreeSecondsAndItsResultFollowsOnTheResponseUrl() throws Exception {
        String agent = SlackFixtures.agentWithCanary("slack-slow");
        String operator = SlackFixtures.linkedUser("OPERATOR");
        try (Connection db = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection()) {
            db.setAutoCommit(false);
            // hold the deployment's row lock, as a long transaction would: the rollback waits behind it
            try (PreparedStatement lock = db.prepareStatement("select id from deployment d where environment = ? "
                    + "and agent_id = (select id from agent where slug = ?) for update")) {
                lock.setString(1, ENV);
                lock.setString(2, agent);
                lock.executeQuery();
            }
            send(operator, "rollback " + agent + " " + ENV + " slow database")
                    .time(lessThan(3_000L))
                    .statusCode(200)
                    .body("response_type", equalTo("ephemeral"))
                    .body("text", equalTo("⏳ Working on it… the result will follow here."));
            db.rollback();
        }
        await().atMost(FakeSlack.patience()).until(() -> slack.received("/commands/T1DC2JH3J/1234/x").size() == 1);
        FakeSlack.Received result = slack.received("/commands/T1DC2JH3J/1234/x").get(0);
        assertThat(result.body().getString("response_type")).isEqualTo("in_channel");
        assertThat(result.body().getString("text")).startsWith("⏪ " + agent + " · production: rolled back");
        assertThat(SlackFixtures.generation(agent)).isEqualTo(4);
    }
}
