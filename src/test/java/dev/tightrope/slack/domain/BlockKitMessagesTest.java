package dev.tightrope.slack.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;

class BlockKitMessagesTest {

    private static final DashboardLinks LINKS = new DashboardLinks("https://tightrope.example.com/");

    private static DeploymentEvent event(TrafficChangeType type, Trigger trigger, String actor, Integer from,
            Integer to, Integer weightBefore, Integer weightAfter, String reason) {
        Instant decided = Instant.parse("2026-11-27T10:00:00Z");
        return new DeploymentEvent(42, "support-bot", "production", 8, type, trigger, from, to, 7L, weightBefore,
                weightAfter, actor, reason, decided, decided.plusMillis(12), null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAutomaticRollbackSaysWhatWhoAndWhyWithoutRollbackButtons() {
        DeploymentEvent rollback = event(TrafficChangeType.ROLLED_BACK, Trigger.RULE, "rule:error-rate", 4, 3, 25, 0,
                "error_rate 17 % > 15 % for 2 min");
        Notification notification = new TrafficChangeNotifications(LINKS).build(rollback);
        assertThat(notification.key()).isEqualTo("deployment-event:42");
        assertThat(notification.agent()).isEqualTo("support-bot");
        Map<String, Object> json = notification.message().toJson();
        assertThat(json).doesNotContainKeys("response_type", "replace_original");
        assertThat((String) json.get("text")).startsWith("⏪ support-bot · production: rolled back, version 4 → 3")
                .contains("RULE (rule:error-rate)").endsWith("error_rate 17 % &gt; 15 % for 2 min");
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) json.get("blocks");
        assertThat(blocks).extracting(b -> b.get("type"))
                .containsExactly("header", "section", "section", "context", "actions");
        assertThat(((Map<String, Object>) blocks.get(0).get("text")).get("text"))
                .isEqualTo("Automatic: ⏪ support-bot · production: rolled back, version 4 → 3");
        List<Map<String, Object>> fields = (List<Map<String, Object>>) blocks.get(1).get("fields");
        assertThat(fields).extracting(f -> f.get("text")).contains("*Version*\n4 → 3", "*Canary weight*\n25 % → 0 %",
                "*Triggered by*\n🤖 trigger rule (`rule:error-rate`)", "*Generation*\n8");
        assertThat(((Map<String, Object>) blocks.get(2).get("text")).get("text"))
                .as("people's text is escaped for mrkdwn").isEqualTo("*Why:* error_rate 17 % &gt; 15 % for 2 min");
        List<Map<String, Object>> buttons = (List<Map<String, Object>>) blocks.get(4).get("elements");
        assertThat(buttons).extracting(b -> b.get("action_id")).containsExactly(SlackActions.DASHBOARD);
        assertThat(buttons.get(0).get("url"))
                .isEqualTo("https://tightrope.example.com/agents/support-bot?environment=production");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunningCanaryOffersConfirmedRollbackAndPromoteCarryingTheGeneration() {
        DeploymentEvent started = event(TrafficChangeType.ROLLOUT_STARTED, Trigger.SLACK,
                "slack:U2CERLKJA (roadrunner)", 3, 4, 0, 5, "");
        Map<String, Object> json = ChatOpsMessages.changed(started, DashboardLinks.NONE).toJson();
        assertThat(json.get("response_type")).isEqualTo("in_channel");
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) json.get("blocks");
        List<Map<String, Object>> fields = (List<Map<String, Object>>) blocks.get(1).get("fields");
        assertThat(fields).extracting(f -> f.get("text")).contains("*Triggered by*\nSlack (<@U2CERLKJA>)");
        Map<String, Object> actions = blocks.get(blocks.size() - 1);
        List<Map<String, Object>> buttons = (List<Map<String, Object>>) actions.get("elements");
        assertThat(buttons).extracting(b -> b.get("action_id"))
                .containsExactly(SlackActions.ROLLBACK, SlackActions.PROMOTE);
        assertThat(buttons).extracting(b -> b.get("value"))
                .containsOnly("support-bot:production:8");
        Map<String, Object> rollback = buttons.get(0);
        assertThat(rollback.get("style")).isEqualTo("danger");
        Map<String, Object> confirm = (Map<String, Object>) rollback.get("confirm");
        assertThat(confirm).containsKeys("title", "text", "confirm", "deny").containsEntry("style", "danger");
        assertThat(((Map<String, Object>) confirm.get("text")).get("text")).isEqualTo(
                "The canary (version 4) stops at once: all production traffic goes back to version 3.");
        assertThat(((Map<String, Object>) confirm.get("confirm")).get("type")).isEqualTo("plain_text");
    }

    @Test
    void buttonValuesRoundTripAndRejectWhatTightropeDidNotWrite() {
        ButtonValue value = new ButtonValue("support-bot", "production", 8);
        assertThat(ButtonValue.parse(value.encode())).isEqualTo(value);
        assertThat(ButtonValue.parse("support-bot:production")).isNull();
        assertThat(ButtonValue.parse("support-bot:production:-1")).isNull();
        assertThat(ButtonValue.parse("Support:production:1")).isNull();
        assertThat(ButtonValue.parse(null)).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void textsAreCutToSlacksLimits() {
        String longReason = "x".repeat(5000);
        DeploymentEvent deployed = event(TrafficChangeType.DEPLOYED, Trigger.API, "anonymous", 1, 2, null, null,
                longReason);
        Map<String, Object> json = new TrafficChangeNotifications(DashboardLinks.NONE).build(deployed).message()
                .toJson();
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) json.get("blocks");
        String why = (String) ((Map<String, Object>) blocks.get(2).get("text")).get("text");
        assertThat(why).hasSize(3000).endsWith("…");
        assertThat((String) json.get("text")).hasSize(3000);
    }

    @Test
    void actorsOfSlackUsersBecomeMentions() {
        SlackCaller caller = new SlackCaller("U2CERLKJA", "roadrunner", "T1DC2JH3J");
        assertThat(caller.actor()).isEqualTo("slack:U2CERLKJA (roadrunner)");
        assertThat(SlackCaller.userIdOf(caller.actor())).isEqualTo("U2CERLKJA");
        assertThat(SlackCaller.userIdOf("anonymous")).isNull();
        assertThat(SlackCaller.userIdOf("slack:<!channel>")).isNull();
    }

    @Test
    void formBodiesDecodeLikeSlackEncodes() {
        FormBody form = FormBody.parse("command=%2Ftightrope&text=rollback+support-bot+to+2+refunds+%26+tone"
                + "&user_name=road%C3%BCnner&empty=&flag&text=second");
        assertThat(form.get("command")).isEqualTo("/tightrope");
        assertThat(form.get("text")).isEqualTo("rollback support-bot to 2 refunds & tone");
        assertThat(form.get("user_name")).isEqualTo("roadünner");
        assertThat(form.get("empty")).isEmpty();
        assertThat(form.get("flag")).isEmpty();
        assertThat(form.get("missing")).isNull();
    }

    @Test
    void requestIdsAreReadableAndBounded() {
        assertThat(SlackRequestIds.command("T1DC2JH3J", "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"))
                .isEqualTo("slack-command:T1DC2JH3J:398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
        assertThat(SlackRequestIds.action("T1", "U2CERLKJA", "tightrope.rollback", "1608059436.541193"))
                .isEqualTo("slack-action:T1:U2CERLKJA:tightrope.rollback:1608059436.541193");
        assertThat(SlackRequestIds.action("T".repeat(100), "U".repeat(100), "a", "1")).hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void webhookUrlsMustBeHttpsOrLoopback() {
        assertThat(WebhookUrls.allowed("https://hooks.slack.com/services/T000/B000/XXXX")).isTrue();
        assertThat(WebhookUrls.allowed("http://127.0.0.1:4567/hook")).isTrue();
        assertThat(WebhookUrls.allowed("http://localhost:4567/hook")).isTrue();
        assertThat(WebhookUrls.allowed("http://hooks.slack.com/services/T000")).isFalse();
        assertThat(WebhookUrls.allowed("https://user:pw@hooks.slack.com/x")).isFalse();
        assertThat(WebhookUrls.allowed("ftp://127.0.0.1/x")).isFalse();
        assertThat(WebhookUrls.allowed("not a url")).isFalse();
        assertThat(WebhookUrls.allowed("")).isFalse();
    }

    @Test
    void aRefusedRollbackIsToldWithoutTheApisArgumentNames() {
        SlackMessage message = ChatOpsMessages.failed("roll back", dev.tightrope.platform.error.ErrorCode.VALIDATION,
                "Invalid input: toVersion: no earlier version", Map.of("violations", List.of(Map.of("path",
                        "toVersion", "message", "there is no earlier version to roll back to"))), null);
        assertThat((String) message.toJson().get("text"))
                .isEqualTo("Could not roll back: there is no earlier version to roll back to")
                .doesNotContain("toVersion");
        SlackMessage tooLong = ChatOpsMessages.commandFailed("roll back", dev.tightrope.platform.error.ErrorCode
                .VALIDATION, "Invalid input", Map.of("violations", List.of(Map.of("path", "reason", "message",
                        "is longer than 2000 characters"))), 3L);
        assertThat((String) tooLong.toJson().get("text"))
                .isEqualTo("Could not roll back: the reason is longer than 2000 characters");
    }

    @Test
    void aConflictOfACommandSaysSomeoneActedFirstAndOfAButtonThatItsMessageIsOld() {
        Map<String, Object> details = Map.of("currentGeneration", 9);
        assertThat(ChatOpsMessages.commandFailed("roll back x", dev.tightrope.platform.error.ErrorCode.CONFLICT,
                "changed", details, 8L).text()).isEqualTo("Someone else changed the deployment while your command "
                        + "ran (generation 8 → 9). Nothing was done; check `/tightrope status` and decide again.");
        assertThat(ChatOpsMessages.failed("roll back x", dev.tightrope.platform.error.ErrorCode.CONFLICT,
                "changed", details, 8L).text()).startsWith("This message is out of date: the deployment changed "
                        + "since (generation 8 → 9).");
    }

    @Test
    @SuppressWarnings("unchecked")
    void peoplesWordsCannotPingTheChannelOrDisguiseALinkInTheNotificationLine() {
        DeploymentEvent rollback = event(TrafficChangeType.ROLLED_BACK, Trigger.API, "token:ci", 2, 1, null, null,
                "<!channel> urgent: approve at <https://evil.example/login|Tightrope dashboard> & more");
        Map<String, Object> json = new TrafficChangeNotifications(LINKS).build(rollback).message().toJson();
        assertThat((String) json.get("text")).endsWith(": &lt;!channel&gt; urgent: approve at "
                + "&lt;https://evil.example/login|Tightrope dashboard&gt; &amp; more").doesNotContain("<", ">");
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) json.get("blocks");
        assertThat(((Map<String, Object>) blocks.get(2).get("text")).get("text")).asString()
                .doesNotContain("<!channel>");
    }
}
