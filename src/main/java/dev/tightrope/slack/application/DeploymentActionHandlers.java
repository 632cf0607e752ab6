package dev.tightrope.slack.application;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.slack.domain.ButtonClick;
import dev.tightrope.slack.domain.ButtonValue;
import dev.tightrope.slack.domain.ChatOpsMessages;
import dev.tightrope.slack.domain.SlackActions;
import dev.tightrope.slack.domain.SlackMessage;
import io.smallrye.mutiny.Uni;

/**
 * The buttons on deployment messages. "Roll back now" and "Promote" act with the generation their message showed
 * as {@code expectedGeneration}: on a deployment that changed since, the answer is a CONFLICT and nothing happens.
 * "Open dashboard" is a link; its click needs no action.
 */
public final class DeploymentActionHandlers {

    private DeploymentActionHandlers() {
    }

    /** "Roll back now". */
    @ApplicationScoped
    public static class RollbackButton implements SlackActionHandler {

        private final ChatOps chatOps;

        RollbackButton(ChatOps chatOps) {
            this.chatOps = chatOps;
        }

        @Override
        public String actionId() {
            return SlackActions.ROLLBACK;
        }

        @Override
        public Uni<SlackMessage> handle(ButtonClick click) {
            ButtonValue target = ButtonValue.parse(click.value());
            if (target == null) {
                return Uni.createFrom().item(unreadable());
            }
            return chatOps.change(click.caller(), "rollback", target.agent(), target.environment(),
                    new TrafficCommand.Rollback(null, null), target.generation(), click.requestId(),
                    "\"Roll back now\" clicked in Slack");
        }
    }

    /** "Promote". */
    @ApplicationScoped
    public static class PromoteButton implements SlackActionHandler {

        private final ChatOps chatOps;

        PromoteButton(ChatOps chatOps) {
            this.chatOps = chatOps;
        }

        @Override
        public String actionId() {
            return SlackActions.PROMOTE;
        }

        @Override
        public Uni<SlackMessage> handle(ButtonClick click) {
            ButtonValue target = ButtonValue.parse(click.value());
            if (target == null) {
                return Uni.createFrom().item(unreadable());
            }
            return chatOps.change(click.caller(), "promote", target.agent(), target.environment(),
                    new TrafficCommand.Promote(), target.generation(), click.requestId(),
                    "\"Promote\" clicked in Slack");
        }
    }

    /** "Open dashboard": Slack opens the link itself. */
    @ApplicationScoped
    public static class DashboardButton implements SlackActionHandler {

        @Override
        public String actionId() {
            return SlackActions.DASHBOARD;
        }

        @Override
        public Uni<SlackMessage> handle(ButtonClick click) {
            return Uni.createFrom().nullItem();
        }
    }

    private static SlackMessage unreadable() {
        return ChatOpsMessages.note("This button does not name a deployment Tightrope knows how to read; nothing "
                + "was done. Use /tightrope status to get a fresh message.");
    }
}
