package dev.tightrope.slack.application;

import java.util.Map;

import jakarta.inject.Singleton;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.rules.application.Alerts;
import dev.tightrope.rules.domain.Alert;
import dev.tightrope.slack.domain.AlertButtonValue;
import dev.tightrope.slack.domain.AlertNotifications;
import dev.tightrope.slack.domain.ButtonClick;
import dev.tightrope.slack.domain.ChatOpsMessages;
import dev.tightrope.slack.domain.SlackActions;
import dev.tightrope.slack.domain.SlackCaller;
import dev.tightrope.slack.domain.SlackMessage;
import dev.tightrope.slack.domain.SlackPermissions;
import io.smallrye.mutiny.Uni;

/**
 * The buttons on alert messages (see {@link AlertNotifications}). Their values are {@link AlertButtonValue}s, read
 * strictly; the alert itself is always read from the database, never taken from the payload.
 */
public final class AlertActionHandlers {

    private AlertActionHandlers() {
    }

    /**
     * "Acknowledge": {@link Alerts#acknowledge} as the Slack user, who needs {@link SlackPermissions#ACKNOWLEDGE_ALERT}
     * (OPERATOR) like the {@code acknowledgeAlert} mutation. Recorded in the audit log as {@code acknowledgeAlert}
     * whatever the outcome. The first acknowledgement replaces the clicked message with the alert as it is now
     * (acknowledged, so without the button); later clicks get a polite "already acknowledged by …" that only the
     * clicker sees.
     */
    @Singleton
    public static class AcknowledgeButton implements SlackActionHandler {

        private static final String OPERATION = "acknowledgeAlert";

        private final Alerts alerts;
        private final AlertMessages messages;
        private final SlackUsers users;
        private final SlackAudit audit;

        AcknowledgeButton(Alerts alerts, AlertMessages messages, SlackUsers users, SlackAudit audit) {
            this.alerts = alerts;
            this.messages = messages;
            this.users = users;
            this.audit = audit;
        }

        @Override
        public String actionId() {
            return SlackActions.ACKNOWLEDGE;
        }

        @Override
        public Uni<SlackMessage> handle(ButtonClick click) {
            AlertButtonValue target = AlertButtonValue.parse(click.value());
            if (target == null) {
                return Uni.createFrom().item(unreadable());
            }
            SlackCaller caller = click.caller();
            long alertId = target.alertId();
            Map<String, Object> arguments = Map.of("id", Long.toString(alertId));
            String what = "acknowledge alert " + alertId;
            return users.roleOf(caller.userId()).chain(role -> {
                if (!SlackPermissions.mayAcknowledgeAlerts(role)) {
                    return audit.record(caller, OPERATION, arguments, ErrorCode.FORBIDDEN.name())
                            .replaceWith(ChatOpsMessages.refused(caller, role, what));
                }
                return alerts.acknowledge(alertId, caller.actor())
                        .chain(acknowledged -> audit.record(caller, OPERATION, arguments, "OK")
                                .chain(() -> messages.acknowledged(acknowledged)))
                        .onFailure().recoverWithUni(failure -> refusal(caller, alertId, arguments, what, failure));
            }).onFailure().recoverWithItem(failure -> failed(what, failure));
        }

        private Uni<SlackMessage> refusal(SlackCaller caller, long alertId, Map<String, Object> arguments,
                String what, Throwable failure) {
            TightropeException error = ErrorTranslator.translate(failure);
            Uni<Void> recorded = audit.record(caller, OPERATION, arguments, error.code().name());
            if (error.code() != ErrorCode.CONFLICT) {
                return recorded.replaceWith(failed(what, error));
            }
            return recorded.chain(() -> alerts.find(alertId))
                    .map(alert -> AlertNotifications.alreadyAcknowledged(messages.facts(alert)));
        }
    }

    /**
     * "Roll back now": the same path as the deployment messages' button ({@link ChatOps#change}: OPERATOR,
     * trigger SLACK, the click as idempotency key, the message's generation as {@code expectedGeneration}, audited
     * as {@code rollback}), with the alert and its rule in the reason. Refused unless the value's deployment is the
     * alert's.
     */
    @Singleton
    public static class AlertRollbackButton implements SlackActionHandler {

        private final Alerts alerts;
        private final ChatOps chatOps;

        AlertRollbackButton(Alerts alerts, ChatOps chatOps) {
            this.alerts = alerts;
            this.chatOps = chatOps;
        }

        @Override
        public String actionId() {
            return SlackActions.ALERT_ROLLBACK;
        }

        @Override
        public Uni<SlackMessage> handle(ButtonClick click) {
            AlertButtonValue target = AlertButtonValue.parse(click.value());
            if (target == null || target.deployment() == null) {
                return Uni.createFrom().item(unreadable());
            }
            String what = "roll back after alert " + target.alertId();
            return alerts.find(target.alertId()).chain(alert -> {
                if (!alert.agent().equals(target.deployment().agent())
                        || !alert.environment().equals(target.deployment().environment())) {
                    return Uni.createFrom().item(unreadable());
                }
                return chatOps.change(click.caller(), "rollback", alert.agent(), alert.environment(),
                        new TrafficCommand.Rollback(null, null), target.deployment().generation(), click.requestId(),
                        reason(alert));
            }).onFailure().recoverWithItem(failure -> failed(what, failure));
        }

        /** {@code "Roll back now" clicked in Slack on alert 42 (rule 7: IF error_rate > 15% THEN alert)}. */
        static String reason(Alert alert) {
            String reason = "\"Roll back now\" clicked in Slack on alert " + alert.id() + " (rule " + alert.ruleId()
                    + ": " + alert.ruleSource() + ")";
            return reason.length() <= TrafficService.MAX_REASON_LENGTH ? reason
                    : reason.substring(0, TrafficService.MAX_REASON_LENGTH - 1) + "…";
        }
    }

    private static SlackMessage failed(String what, Throwable failure) {
        TightropeException error = ErrorTranslator.translate(failure);
        return ChatOpsMessages.failed(what, error.code(), error.getMessage(), error.details(), null);
    }

    private static SlackMessage unreadable() {
        return ChatOpsMessages.note("This button does not name an alert Tightrope knows how to read; nothing was "
                + "done. Open the alerts in the dashboard, or use /tightrope status.");
    }
}
