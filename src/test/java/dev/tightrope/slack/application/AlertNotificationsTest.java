package dev.tightrope.slack.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.rules.application.AlertFeed;
import dev.tightrope.rules.application.Alerts;
import dev.tightrope.rules.application.RuleEvaluator;
import dev.tightrope.slack.AlertFixtures;
import dev.tightrope.slack.SlackFixtures;
import dev.tightrope.slack.domain.AlertNotifications;
import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Alerts posted to the agent's webhook, a loopback stand-in for Slack: real alerts, fired by the evaluator from
 * outcomes reported over NDJSON.
 */
@QuarkusTest
class AlertNotificationsTest {

    private static final String WEBHOOK = "/services/T1/B1/alerts";

    @Inject
    Vertx vertx;
    @Inject
    TestClock clock;
    @Inject
    RuleEvaluator evaluator;
    @Inject
    SlackNotifier notifier;
    @Inject
    AlertNotifier alertNotifier;
    @Inject
    Alerts alerts;

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
    void aFiringAlertIsPostedOnceWithItsFactsAndBothButtons() {
        String agent = AlertFixtures.agentWithRule("alert-post", "IF error_rate > 15% THEN alert",
                slack.url(WEBHOOK));
        long id = Long.parseLong(AlertFixtures.fire(clock, evaluator, agent));
        JsonObject post = awaitPost(fired(id));
        await().atMost(FakeSlack.patience()).until(() -> outcome(AlertNotifications.firedKey(id)).equals("SENT 1"));

        assertThat(post.getString("text")).isEqualTo("🟠 WARNING alert: " + agent + " · production: IF error_rate "
                + "&gt; 15% THEN alert — 50.0% (&gt; 15%) on 40 samples of v2");
        JsonArray blocks = post.getJsonArray("blocks");
        assertThat(text(blocks.getJsonObject(0))).isEqualTo("🟠 WARNING alert: " + agent + " · production");
        assertThat(text(blocks.getJsonObject(1))).isEqualTo("*Rule:* `IF error_rate &gt; 15% THEN alert`");
        assertThat(fields(blocks.getJsonObject(2))).containsExactly(
                "*Agent*\n<https://tightrope.example.com/agents/" + agent + "?environment=production|" + agent + ">",
                "*Environment*\nproduction", "*Version watched*\nv2", "*Value*\n50.0%", "*Threshold*\n&gt; 15%",
                "*Samples*\n40", "*Severity*\nWARNING", "*Action*\nalert only (the rule takes no action)");
        assertThat(blocks.getJsonObject(3).getJsonArray("elements").getJsonObject(1).getString("text"))
                .isEqualTo("Not acknowledged yet");
        JsonArray buttons = blocks.getJsonObject(4).getJsonArray("elements");
        assertThat(buttons.stream().map(b -> ((JsonObject) b).getString("action_id")).toList())
                .containsExactly("tightrope.acknowledge", "tightrope.alert-rollback", "tightrope.dashboard");
        assertThat(buttons.getJsonObject(0).getString("value")).isEqualTo("alert-" + id);
        assertThat(buttons.getJsonObject(1).getString("value")).isEqualTo("alert-" + id + ":" + agent
                + ":production:2");
        assertThat(buttons.getJsonObject(1).getJsonObject("confirm").getJsonObject("text").getString("text"))
                .isEqualTo("Version 2 is replaced at once by the previous known-good version for all production "
                        + "traffic.");
        assertThat(buttons.getJsonObject(2).getString("url"))
                .isEqualTo("https://tightrope.example.com/alerts?agent=" + agent);

        // the same firing heard again (a retried action, another instance): the claim stops a second post
        AlertFeed.AlertEvent again = new AlertFeed.AlertEvent(0, AlertFeed.Change.ACTED,
                alerts.find(id).await().atMost(Duration.ofSeconds(10)));
        assertThat(alertNotifier.notify(again).await().atMost(Duration.ofSeconds(10)))
                .isEqualTo(SlackNotifier.Outcome.CLAIMED_ELSEWHERE);
        // still firing at the next pass: no new firing, no new post
        evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(slack.received(WEBHOOK).stream().map(FakeSlack.Received::body).filter(fired(id))).hasSize(1);
    }

    @Test
    void anAlertWhoseRuleRolledBackOffersNoRollback() {
        String agent = AlertFixtures.agentWithRule("alert-rolled", "IF error_rate > 15% THEN rollback",
                slack.url(WEBHOOK));
        long id = Long.parseLong(AlertFixtures.fire(clock, evaluator, agent));
        assertThat(SlackFixtures.deployment(agent).getInt("data.deployment.stableVersion")).isEqualTo(1);
        JsonArray blocks = awaitPost(fired(id)).getJsonArray("blocks");
        assertThat(text(blocks.getJsonObject(0))).isEqualTo("🔴 CRITICAL alert: " + agent + " · production");
        assertThat(fields(blocks.getJsonObject(2))).contains("*Severity*\nCRITICAL", "*Action*\n⏪ rolled back");
        assertThat(blocks.getJsonObject(4).getJsonArray("elements").stream()
                .map(b -> ((JsonObject) b).getString("action_id")).toList())
                .containsExactly("tightrope.acknowledge", "tightrope.dashboard");
    }

    @Test
    void aResolutionIsPostedWithoutButtons() {
        String agent = AlertFixtures.agentWithRule("alert-resolve", "IF error_rate > 15% THEN alert",
                slack.url(WEBHOOK));
        long id = Long.parseLong(AlertFixtures.fire(clock, evaluator, agent));
        awaitPost(fired(id));
        AlertFixtures.recover(clock, evaluator, agent);
        assertThat(AlertFixtures.alert(agent, Long.toString(id))).containsEntry("state", "RESOLVED");
        JsonObject resolved = awaitPost(body -> body.getString("text", "").startsWith("✅ Resolved: alert " + id
                + " "));
        assertThat(resolved.getString("text")).isEqualTo("✅ Resolved: alert " + id + " on " + agent
                + " · production (IF error_rate &gt; 15% THEN alert)");
        JsonArray blocks = resolved.getJsonArray("blocks");
        assertThat(text(blocks.getJsonObject(0))).isEqualTo("✅ Resolved: " + agent + " · production");
        assertThat(text(blocks.getJsonObject(1))).startsWith("`IF error_rate &gt; 15% THEN alert` no longer holds "
                + "(alert " + id + " fired <!date^");
        assertThat(blocks.stream().map(b -> ((JsonObject) b).getString("type")).toList())
                .containsExactly("header", "section", "context");
        await().atMost(FakeSlack.patience())
                .until(() -> outcome(AlertNotifications.resolvedKey(id)).equals("SENT 1"));
    }

    private static Predicate<JsonObject> fired(long id) {
        return body -> body.getJsonArray("blocks", new JsonArray()).stream()
                .anyMatch(block -> ((JsonObject) block).encode().contains("Alert " + id + " · fired"));
    }

    private JsonObject awaitPost(Predicate<JsonObject> which) {
        await().atMost(FakeSlack.patience()).until(() -> slack.received(WEBHOOK).stream()
                .map(FakeSlack.Received::body).anyMatch(which));
        return slack.received(WEBHOOK).stream().map(FakeSlack.Received::body).filter(which).findFirst()
                .orElseThrow();
    }

    private String outcome(String key) {
        return notifier.recordedOutcome(key).await().atMost(Duration.ofSeconds(10)).orElse("");
    }

    private static String text(JsonObject block) {
        return block.getJsonObject("text").getString("text");
    }

    private static List<String> fields(JsonObject block) {
        return block.getJsonArray("fields").stream().map(f -> ((JsonObject) f).getString("text")).toList();
    }
}
