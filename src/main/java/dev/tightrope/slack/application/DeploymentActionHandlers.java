package dev.tightrope.slack.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

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
 * "Open dashboard" is a link; its click needs no action. The two acting buttons are {@code @Singleton}: they share
 * an abstract parent with final fields, which a client proxy could not subclass.
 */
public final class DeploymentActionHandlers {

    private DeploymentActionHandlers() {
    }

    /**
     * A button that makes one traffic change on the deployment its value names, at the generation the message
     * showed.
     */
    abstract static class TrafficButton implements SlackActionHandler {

        private final ChatOps chatOps;
        private final String actionId;
        private final String operation;
        private final TrafficCommand command;
        private final String reason;

        TrafficButton(ChatOps chatOps, String actionId, String operation, TrafficCommand command, String reason) {
            this.chatOps = chatOps;
            this.actionId = actionId;
            this.operation = operation;
            this.command = command;
            this.reason = reason;
        }

        @Override
        public String actionId() {
            return actionId;
        }

        @Override
        public Uni<SlackMessage> handle(ButtonClick click) {
            ButtonValue target = ButtonValue.parse(click.value());
            if (target == null) {
                return Uni.createFrom().item(unreadable());
            }
            return chatOps.change(click.caller(), operation, target.agent(), target.environment(), command,
                    target.generation(), click.requestId(), reason);
        }
    }

    /** "Roll back now". */
    @Singleton
    public static class RollbackButton extends TrafficButton {

        RollbackButton(ChatOps chatOps) {
            super(chatOps, SlackActions.ROLLBACK, "rollback", new TrafficCommand.Rollback(null, null),
                    "\"Roll back now\" clicked in Slack");
        }
    }

    /** "Promote". */
    @Singleton
    public static class PromoteButton extends TrafficButton {

        PromoteButton(ChatOps chatOps) {
            super(chatOps, SlackActions.PROMOTE, "promote", new TrafficCommand.Promote(),
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
