package dev.tightrope.slack.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Slack messages of an alert: one when it fires (posted once its action is done, so it says what the action
 * did), one when it resolves, and the answers to its buttons.
 *
 * <p>Buttons of a firing alert: <b>Acknowledge</b> while nobody has; <b>Roll back now</b> only when the rule's
 * action did not already roll back and the deployment can be rolled back (see {@link #rollbackOffer}); <b>Open
 * dashboard</b> (the alerts page) when a dashboard URL is configured. The resolution has no buttons.
 */
public final class AlertNotifications {

    private AlertNotifications() {
    }

    /** The key that makes one "fired" message per alert across instances. */
    public static String firedKey(long alertId) {
        return "alert-fired:" + alertId;
    }

    /** The key that makes one "resolved" message per alert across instances. */
    public static String resolvedKey(long alertId) {
        return "alert-resolved:" + alertId;
    }

    /**
     * Whether "Roll back now" belongs on the alert's message: the rule did not roll back itself, the deployment can
     * be rolled back now ({@link DeploymentButtons#canRollBack}), and the version the rule watched is still the one
     * that would be rolled back (the canary during a rollout, else the stable version). Examples: an alert-only rule
     * on stable v2 deployed over v1 → yes; the same after someone already rolled back to v1 → no (v2 no longer
     * serves); a rollback rule whose rollback was done → no.
     *
     * @param now the deployment as it is, or {@code null} when unknown (then no button)
     */
    public static boolean rollbackOffer(AlertFacts alert, DeploymentButtons.Situation now) {
        if (alert.rolledBack() || alert.resolvedAt() != null || now == null || !DeploymentButtons.canRollBack(now)) {
            return false;
        }
        Integer serving = now.canaryActive() ? now.canaryVersion() : now.stableVersion();
        return serving != null && serving == alert.version();
    }

    /**
     * The message of a firing alert, for the agent's webhook.
     *
     * @param now the deployment as it is (for "Roll back now"), or {@code null} when unknown
     */
    public static Notification fired(AlertFacts alert, DeploymentButtons.Situation now, DashboardLinks links) {
        return new Notification(firedKey(alert.id()), alert.agent(),
                SlackMessage.webhook(firedText(alert), blocks(alert, now, links)));
    }

    /** The alert's message again after an acknowledgement, replacing the one whose button was clicked. */
    public static SlackMessage acknowledged(AlertFacts alert, DeploymentButtons.Situation now, DashboardLinks links) {
        return new SlackMessage(SlackMessage.Visibility.IN_CHANNEL, firedText(alert) + " — acknowledged by "
                + alert.acknowledgedBy(), blocks(alert, now, links), true);
    }

    /** The polite answer to a second "Acknowledge": only the person who clicked sees it. */
    public static SlackMessage alreadyAcknowledged(AlertFacts alert) {
        String text = "Alert " + alert.id() + " was already acknowledged by "
                + ChangeDescriptions.who(alert.acknowledgedBy()) + " " + ChangeDescriptions.date(alert.acknowledgedAt())
                + ". Nothing else to do.";
        return SlackMessage.ephemeral("Alert " + alert.id() + " was already acknowledged by " + alert.acknowledgedBy(),
                List.of(BlockKit.Section.of("👌 " + text)));
    }

    /** The short message of a resolved alert, without buttons. */
    public static Notification resolved(AlertFacts alert, DashboardLinks links) {
        String where = alert.agent() + " · " + alert.environment();
        StringBuilder text = new StringBuilder("`").append(BlockKit.escape(alert.rule())).append("` no longer holds");
        if (alert.resolvedAt() != null) {
            text.append(" (alert ").append(alert.id()).append(" fired ").append(ChangeDescriptions.date(alert.firedAt()))
                    .append(", resolved after ").append(minutes(Duration.between(alert.firedAt(), alert.resolvedAt())))
                    .append(")");
        }
        text.append('.');
        List<BlockKit.Block> blocks = new ArrayList<>();
        blocks.add(new BlockKit.Header("✅ Resolved: " + where));
        blocks.add(BlockKit.Section.of(text.toString()));
        List<BlockKit.Text> context = new ArrayList<>();
        context.add(BlockKit.Text.mrkdwn(AlertDescriptions.acknowledgement(alert)));
        if (links.enabled()) {
            context.add(BlockKit.Text.mrkdwn("<" + links.alerts(alert.agent()) + "|Alerts of " + BlockKit.escape(
                    alert.agent()) + ">"));
        }
        blocks.add(new BlockKit.Context(context));
        return new Notification(resolvedKey(alert.id()), alert.agent(), SlackMessage.webhook(
                "✅ Resolved: alert " + alert.id() + " on " + where + " (" + alert.rule() + ")", blocks));
    }

    /** The blocks of a firing alert; the buttons follow its state. */
    static List<BlockKit.Block> blocks(AlertFacts alert, DeploymentButtons.Situation now, DashboardLinks links) {
        List<BlockKit.Block> blocks = new ArrayList<>();
        blocks.add(new BlockKit.Header(AlertDescriptions.headline(alert)));
        blocks.add(BlockKit.Section.of("*Rule:* `" + BlockKit.escape(alert.rule()) + "`"));
        blocks.add(BlockKit.Section.fields(AlertDescriptions.fields(alert, links)));
        blocks.add(new BlockKit.Context(List.of(
                BlockKit.Text.mrkdwn("Alert " + alert.id() + " · fired " + ChangeDescriptions.date(alert.firedAt())),
                BlockKit.Text.mrkdwn(AlertDescriptions.acknowledgement(alert)))));
        blocks.add(buttons(alert, now, links));
        return blocks;
    }

    private static BlockKit.Actions buttons(AlertFacts alert, DeploymentButtons.Situation now, DashboardLinks links) {
        List<BlockKit.Button> buttons = new ArrayList<>();
        if (!alert.acknowledged()) {
            buttons.add(BlockKit.Button.action("Acknowledge", SlackActions.ACKNOWLEDGE,
                    AlertButtonValue.of(alert.id()).encode(), BlockKit.Style.PRIMARY, null));
        }
        if (rollbackOffer(alert, now)) {
            ButtonValue deployment = new ButtonValue(now.agent(), now.environment(), now.generation());
            buttons.add(BlockKit.Button.action("Roll back now", SlackActions.ALERT_ROLLBACK,
                    new AlertButtonValue(alert.id(), deployment).encode(), BlockKit.Style.DANGER,
                    DeploymentButtons.rollbackConfirm(now)));
        }
        if (links.enabled()) {
            buttons.add(BlockKit.Button.link("Open dashboard", SlackActions.DASHBOARD, links.alerts(alert.agent())));
        }
        return new BlockKit.Actions("tightrope:alert-" + alert.id(), buttons);
    }

    private static String firedText(AlertFacts alert) {
        return AlertDescriptions.headline(alert) + ": " + alert.rule() + " — " + (alert.value() == null ? "—"
                : alert.value()) + " (" + alert.threshold() + ") on " + alert.samples() + " samples of v"
                + alert.version();
    }

    private static String minutes(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }
}
