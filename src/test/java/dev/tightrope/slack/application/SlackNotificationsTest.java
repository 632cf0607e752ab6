package dev.tightrope.slack.application;

import static dev.tightrope.slack.SlackFixtures.ENV;
import static dev.tightrope.testing.GraphQLClient.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.slack.SlackFixtures;
import dev.tightrope.slack.domain.Notification;
import dev.tightrope.slack.domain.SlackMessage;
import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Notifications of traffic changes, received by a loopback HTTP server standing in for Slack's incoming webhook
 * (test settings: 4 attempts, 0.2 s doubling backoff, 3 s per attempt, 20 pending at most).
 */
@QuarkusTest
class SlackNotificationsTest {

    @Inject
    Vertx vertx;
    @Inject
    SlackNotifier notifier;
    @Inject
    TrafficChangeNotifier trafficNotifier;
    @Inject
    TrafficService traffic;
    @Inject
    DeploymentQueries queries;

    FakeSlack slack;

    @BeforeEach
    void startSlack() throws Exception {
        slack = FakeSlack.start(vertx);
    }

    @AfterEach
    void stopSlack() throws Exception {
        slack.close();
    }

    /** An agent with versions 1..3 whose notifications go to its own webhook on the fake Slack. */
    private String agentWithWebhook(String prefix, String path) {
        String agent = Fixtures.agentWithVersions(prefix, 3);
        execute("setSlackWebhook", Map.of("agent", agent, "webhookUrl", slack.url(path)))
                .body("errors", nullValue())
                .body("data.setSlackWebhook.own", equalTo(true));
        return agent;
    }

    private List<FakeSlack.Received> awaitPosts(String path, int count) {
        await().atMost(FakeSlack.patience()).until(() -> slack.received(path).size() >= count);
        return slack.received(path);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTrafficChangeIsPostedWithWhatWhoWhyAndTheButtonsThatFit() {
        String agent = agentWithWebhook("notify-all", "/services/T1/B1/all");
        SlackFixtures.deploy(agent, 1);
        JsonObject deployed = awaitPosts("/services/T1/B1/all", 1).get(0).body();
        assertThat(deployed.containsKey("response_type")).as("incoming webhooks take no response_type").isFalse();
        assertThat(deployed.getString("text")).isEqualTo("🚀 " + agent + " · production: version 1 deployed (first "
                + "deploy) — by API (token:bootstrap-admin)");
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 5,
                "reason", "new refund prompt")).body("errors", nullValue());
        JsonObject started = awaitPosts("/services/T1/B1/all", 2).get(1).body();
        JsonArray blocks = started.getJsonArray("blocks");
        assertThat(blocks.getJsonObject(0).getJsonObject("text").getString("text"))
                .isEqualTo("🐤 " + agent + " · production: canary started, version 2 at 5 %");
        List<Object> fields = blocks.getJsonObject(1).getJsonArray("fields").stream()
                .map(f -> ((JsonObject) f).getString("text")).map(Object.class::cast).toList();
        assertThat(fields).contains("*Version*\n1 → 2", "*Canary weight*\n0 % → 5 %", "*Triggered by*\nAPI (`token:bootstrap-admin`)",
                "*Generation*\n2");
        assertThat(blocks.getJsonObject(2).getJsonObject("text").getString("text")).isEqualTo("*Why:* new refund prompt");
        JsonArray buttons = blocks.getJsonObject(4).getJsonArray("elements");
        assertThat(buttons.stream().map(b -> ((JsonObject) b).getString("action_id")).toList())
                .containsExactly("tightrope.rollback", "tightrope.promote", "tightrope.dashboard");
        assertThat(buttons.getJsonObject(0).getString("value")).isEqualTo(agent + ":production:2");
        assertThat(buttons.getJsonObject(0).getJsonObject("confirm").getJsonObject("title").getString("text"))
                .isEqualTo("Roll back " + agent + "?");
        assertThat(buttons.getJsonObject(2).getString("url"))
                .isEqualTo("https://tightrope.example.com/agents/" + agent + "?environment=production");
    }

    @Test
    void automaticRollbacksSayTheyAreAutomatic() {
        String agent = agentWithWebhook("notify-judge", "/services/T1/B1/judge");
        SlackFixtures.deploy(agent, 1);
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 5))
                .body("errors", nullValue());
        traffic.change(new TrafficRequest(agent, ENV, new TrafficCommand.Rollback(null, null), null, null,
                "canary error rate 9.1 % vs 2.0 % (p < 0.001)", Trigger.JUDGE, "judge")).await().indefinitely();
        JsonObject rollback = awaitPosts("/services/T1/B1/judge", 3).get(2).body();
        assertThat(rollback.getJsonArray("blocks").getJsonObject(0).getJsonObject("text").getString("text"))
                .isEqualTo("Automatic: ⏪ " + agent + " · production: rolled back, version 2 → 1");
        assertThat(rollback.getString("text")).endsWith("by JUDGE (judge): canary error rate 9.1 % vs 2.0 % (p &lt; 0.001)");
    }

    @Test
    void failedPostsAreRetriedWithBackoffAndCounted() {
        String agent = agentWithWebhook("notify-retry", "/services/T1/B1/retry");
        double retriedBefore = metric("retried");
        double sentBefore = metric("sent");
        slack.plan("/services/T1/B1/retry", 500, 503);
        long id = deploy(agent, 1);
        List<FakeSlack.Received> posts = awaitPosts("/services/T1/B1/retry", 3);
        assertThat(posts).hasSize(3);
        assertThat(posts.get(2).body()).isEqualTo(posts.get(0).body());
        assertThat(Duration.between(posts.get(1).at(), posts.get(2).at()))
                .as("backoff doubles: 0.2 s, then 0.4 s").isGreaterThanOrEqualTo(Duration.ofMillis(350));
        await().atMost(FakeSlack.patience()).until(() -> outcome(id).equals("SENT 3"));
        assertThat(metric("retried") - retriedBefore).isGreaterThanOrEqualTo(2);
        assertThat(metric("sent") - sentBefore).isGreaterThanOrEqualTo(1);
    }

    @Test
    void postsThatKeepFailingAreGivenUpAndCounted() {
        String agent = agentWithWebhook("notify-fail", "/services/T1/B1/down");
        double failedBefore = metric("failed");
        slack.plan("/services/T1/B1/down", 500, 500, 500, 500);
        long id = deploy(agent, 1);
        await().atMost(FakeSlack.patience()).until(() -> outcome(id).equals("FAILED 4"));
        assertThat(slack.received("/services/T1/B1/down")).hasSize(4);
        assertThat(metric("failed") - failedBefore).isGreaterThanOrEqualTo(1);
        // a revoked webhook (404 no_service) is not retried
        slack.plan("/services/T1/B1/down", 404);
        long second = deploy(agent, 2);
        await().atMost(FakeSlack.patience()).until(() -> outcome(second).equals("FAILED 1"));
    }

    @Test
    void aHangingWebhookNeverSlowsTrafficChanges() {
        String agent = agentWithWebhook("notify-hang", "/services/T1/B1/hang");
        slack.plan("/services/T1/B1/hang", FakeSlack.HANG);
        SlackFixtures.deploy(agent, 1);
        awaitPosts("/services/T1/B1/hang", 1); // Slack is not answering this one
        long started = System.nanoTime();
        execute("rollback", Map.of("agent", agent, "environment", ENV, "toVersion", 1, "reason", "x"))
                .body("errors[0].extensions.code", equalTo("VALIDATION")); // same version: refused, quick
        SlackFixtures.deploy(agent, 2);
        execute("rollback", Map.of("agent", agent, "environment", ENV, "reason", "while Slack hangs"))
                .body("errors", nullValue())
                .body("data.rollback.toVersion", equalTo(1));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("changes answer while the first notification still hangs (3 s timeout)")
                .isLessThan(Duration.ofMillis(2_500));
        assertThat(slack.received("/services/T1/B1/hang").get(0).at()).isBefore(Instant.now());
        // the hanging post times out after 3 s and is retried; all three changes arrive in the end
        await().atMost(FakeSlack.patience()).until(() -> slack.received("/services/T1/B1/hang").stream()
                .map(post -> post.body().getString("text")).distinct().count() == 3);
    }

    @Test
    void oneAgentsNotificationsArePostedInTheOrderOfItsChanges() {
        String agent = agentWithWebhook("notify-order", "/services/T1/B1/order");
        String other = agentWithWebhook("notify-order-other", "/services/T1/B1/order-other");
        slack.hold("/services/T1/B1/order");
        try {
            SlackFixtures.deploy(agent, 1);
            awaitPosts("/services/T1/B1/order", 1); // Slack holds this one
            SlackFixtures.deploy(agent, 2);
            SlackFixtures.deploy(agent, 3);
            SlackFixtures.deploy(other, 1);
            awaitPosts("/services/T1/B1/order-other", 1); // another agent's notification does not wait
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                    .until(() -> slack.received("/services/T1/B1/order").size() == 1);
        } finally {
            slack.release();
        }
        List<String> texts = awaitPosts("/services/T1/B1/order", 3).stream()
                .map(post -> post.body().getString("text")).toList();
        assertThat(texts).hasSize(3);
        assertThat(texts.get(0)).contains("version 1 deployed");
        assertThat(texts.get(1)).contains("version 2 deployed");
        assertThat(texts.get(2)).contains("version 3 deployed");
    }

    @Test
    void everyEventIsNotifiedOnceAcrossInstances() {
        String agent = agentWithWebhook("notify-once", "/services/T1/B1/once");
        long id = deploy(agent, 1);
        awaitPosts("/services/T1/B1/once", 1);
        await().atMost(FakeSlack.patience()).until(() -> outcome(id).equals("SENT 1"));
        DeploymentEvent event = latestEvent(agent);
        // another instance hears of the same event: the claim in the database stops it
        assertThat(trafficNotifier.notify(event).await().atMost(Duration.ofSeconds(10)))
                .isEqualTo(SlackNotifier.Outcome.CLAIMED_ELSEWHERE);
        assertThat(slack.received("/services/T1/B1/once")).hasSize(1);
    }

    @Test
    void agentsWithoutAWebhookAndOldEventsAreNotNotified() {
        String agent = Fixtures.agentWithVersions("notify-none", 1);
        SlackFixtures.deploy(agent, 1);
        DeploymentEvent event = latestEvent(agent);
        assertThat(trafficNotifier.notify(event).await().atMost(Duration.ofSeconds(10)))
                .isEqualTo(SlackNotifier.Outcome.NO_WEBHOOK);
        DeploymentEvent old = new DeploymentEvent(event.id(), agent, ENV, event.generation(), event.type(),
                event.trigger(), event.fromVersion(), event.toVersion(), null, null, null, event.actor(), "",
                event.decidedAt().minus(Duration.ofHours(1)), event.committedAt().minus(Duration.ofHours(1)), null);
        assertThat(trafficNotifier.notify(old).await().atMost(Duration.ofSeconds(10))).isNull();
    }

    @Test
    void whenTooManyNotificationsArePendingNewOnesAreDroppedAndCounted() {
        String agent = agentWithWebhook("notify-full", "/services/T1/B1/full");
        await().atMost(Duration.ofSeconds(60)).until(() -> notifier.pending() == 0);
        slack.hold("/services/T1/B1/full");
        double droppedBefore = metric("dropped");
        List<Uni<SlackNotifier.Outcome>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Uni<SlackNotifier.Outcome> send = notifier.send(notification("test-full-" + agent + "-" + i, agent))
                    .memoize().indefinitely();
            send.subscribe().with(outcome -> { });
            queued.add(send);
        }
        await().atMost(FakeSlack.patience()).until(() -> notifier.pending() == 20);
        assertThat(notifier.send(notification("test-full-" + agent + "-20", agent)).await()
                .atMost(Duration.ofSeconds(10))).isEqualTo(SlackNotifier.Outcome.DROPPED);
        assertThat(metric("dropped") - droppedBefore).isEqualTo(1);
        slack.release();
        await().atMost(Duration.ofSeconds(60)).until(() -> notifier.pending() == 0);
        assertThat(queued).allSatisfy(send -> assertThat(send.await().atMost(Duration.ofSeconds(1)))
                .isEqualTo(SlackNotifier.Outcome.SENT));
    }

    @Test
    void webhookUrlsMustBeHttpsOrLoopbackAndAreNeverShownInFull() {
        String agent = Fixtures.agentWithVersions("notify-url", 1);
        execute("setSlackWebhook", Map.of("agent", agent, "webhookUrl", "http://hooks.slack.com/services/T1/B1/XXXX"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations[0].path", equalTo("webhookUrl"));
        execute("setSlackWebhook", Map.of("agent", agent, "webhookUrl", "https://hooks.slack.com/services/T1/B1/abcdXq3Z"))
                .body("errors", nullValue())
                .body("data.setSlackWebhook.urlHint", equalTo("https://hooks.slack.com/…Xq3Z"))
                .body("data.setSlackWebhook.own", equalTo(true))
                .body("data.setSlackWebhook.updatedBy", equalTo("token:bootstrap-admin"));
        Map<String, Object> cleared = new java.util.HashMap<>();
        cleared.put("agent", agent);
        cleared.put("webhookUrl", null);
        execute("setSlackWebhook", cleared)
                .body("errors", nullValue())
                .body("data.setSlackWebhook.own", equalTo(false))
                .body("data.setSlackWebhook.urlHint", nullValue());
        execute("setSlackWebhook", Map.of("agent", "no-such-agent-q9", "webhookUrl", "https://hooks.slack.com/x"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    private static Notification notification(String key, String agent) {
        return new Notification(key, agent, SlackMessage.webhook("test " + key, List.of()));
    }

    /** Deploys and returns the event id. */
    private static long deploy(String agent, int version) {
        return Long.parseLong(execute("deploy", Map.of("agent", agent, "environment", ENV, "version", version))
                .body("errors", nullValue())
                .extract().path("data.deploy.id").toString());
    }

    private DeploymentEvent latestEvent(String agent) {
        return queries.events(agent, ENV, PageRequest.of(1, null, DeploymentQueries.EVENT_CURSOR))
                .await().atMost(Duration.ofSeconds(10)).items().get(0).value();
    }

    private String outcome(long eventId) {
        return notifier.recordedOutcome("deployment-event:" + eventId).await().atMost(Duration.ofSeconds(10))
                .orElse("");
    }

    private static double metric(String outcome) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^tightrope_slack_notifications_total\\{outcome=\"" + outcome
                + "\"[^}]*} ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
