package dev.tightrope.slack.domain;

import java.util.ArrayList;
import java.util.List;

import dev.tightrope.release.domain.DeploymentEvent;

/**
 * The notification of a traffic change: headline, the facts, why, when, and the buttons that fit what can be done
 * next (see {@link DeploymentButtons}). Automatic changes (rules, judge, circuit breakers) say so in the headline,
 * because those are the ones nobody in the channel has seen coming.
 */
public final class TrafficChangeNotifications implements NotificationBuilder<DeploymentEvent> {

    private final DashboardLinks links;

    public TrafficChangeNotifications(DashboardLinks links) {
        this.links = links;
    }

    /** The key that makes one notification per event across instances. */
    public static String key(DeploymentEvent event) {
        return "deployment-event:" + event.id();
    }

    @Override
    public Notification build(DeploymentEvent event) {
        return new Notification(key(event), event.agent(), SlackMessage.webhook(fallback(event), blocks(event, links)));
    }

    /** The blocks describing a change, shared with the in-channel answers to commands and buttons. */
    public static List<BlockKit.Block> blocks(DeploymentEvent event, DashboardLinks links) {
        List<BlockKit.Block> blocks = new ArrayList<>();
        String headline = ChangeDescriptions.headline(event);
        if (ChangeDescriptions.automatic(event.trigger())) {
            headline = "Automatic: " + headline;
        }
        blocks.add(new BlockKit.Header(headline));
        blocks.add(BlockKit.Section.fields(ChangeDescriptions.fields(event)));
        blocks.add(BlockKit.Section.of(ChangeDescriptions.reason(event)));
        blocks.add(new BlockKit.Context(List.of(BlockKit.Text.mrkdwn(ChangeDescriptions.timing(event)))));
        blocks.add(DeploymentButtons.actions(DeploymentButtons.after(event.agent(), event.environment(),
                event.generation(), event.type(), event.fromVersion(), event.toVersion()), links));
        return blocks;
    }

    /** Plain text for Slack's notifications and screen readers. */
    public static String fallback(DeploymentEvent event) {
        return ChangeDescriptions.headline(event) + " — by " + event.trigger() + " (" + event.actor() + ")"
                + (event.reason() == null || event.reason().isBlank() ? "" : ": " + event.reason());
    }
}
