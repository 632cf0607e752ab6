package dev.tightrope.governance.application;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.tightrope.governance.domain.ChangeRequestMessages;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.slack.application.SlackActionHandler;
import dev.tightrope.slack.application.SlackAudit;
import dev.tightrope.slack.application.SlackUsers;
import dev.tightrope.slack.domain.ButtonClick;
import dev.tightrope.slack.domain.ChatOpsMessages;
import dev.tightrope.slack.domain.SlackCaller;
import dev.tightrope.slack.domain.SlackMessage;
import dev.tightrope.slack.domain.SlackPermissions;
import io.smallrye.mutiny.Uni;

/**
 * "Approve" and "Reject" on a change request's Slack message. Slack signs the click and the Slack feature claims it
 * before it gets here (a retried or replayed click is never handled twice); the clicker acts with the role linked
 * to their Slack user (OPERATOR or above, like a traffic change from Slack), as {@code slack:<id> (<name>)}, and may
 * not decide a request they made themselves. The request is read by its id, never taken from the message. Every
 * click is audited as {@code approveChange} or {@code rejectChange}, source SLACK, whatever its outcome.
 */
public final class ChangeRequestButtons {

    private ChangeRequestButtons() {
    }

    abstract static class Decision implements SlackActionHandler {

        private final ChangeRequests requests;
        private final SlackUsers users;
        private final SlackAudit audit;
        private final String actionId;
        private final String operation;

        Decision(ChangeRequests requests, SlackUsers users, SlackAudit audit, String actionId, String operation) {
            this.requests = requests;
            this.users = users;
            this.audit = audit;
            this.actionId = actionId;
            this.operation = operation;
        }

        @Override
        public String actionId() {
            return actionId;
        }

        @Override
        public Uni<SlackMessage> handle(ButtonClick click) {
            Long id = ChangeRequestMessages.parse(click.value());
            if (id == null) {
                return Uni.createFrom().item(ChatOpsMessages.note("This button does not name a change request "
                        + "Tightrope knows how to read; nothing was done."));
            }
            SlackCaller caller = click.caller();
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("id", Long.toString(id));
            String what = (operation.equals("approveChange") ? "approve" : "reject") + " change request " + id;
            return users.roleOf(caller.userId()).chain(role -> {
                if (!SlackPermissions.mayChangeTraffic(role)) {
                    return audit.record(caller, operation, arguments, "FORBIDDEN")
                            .replaceWith(ChatOpsMessages.refused(caller, role, what));
                }
                return decide(id, caller)
                        .chain(request -> audit.record(caller, operation, arguments, "OK")
                                .replaceWith(ChangeRequestMessages.answer(request)))
                        .onFailure().recoverWithUni(failure -> {
                            TightropeException error = ErrorTranslator.translate(failure);
                            return audit.record(caller, operation, arguments, error.code().name())
                                    .replaceWith(ChatOpsMessages.failed(what, error.code(), error.getMessage(),
                                            error.details(), null));
                        });
            }).onFailure().recoverWithItem(failure -> {
                TightropeException error = ErrorTranslator.translate(failure);
                return ChatOpsMessages.failed(what, error.code(), error.getMessage(), error.details(), null);
            });
        }

        abstract Uni<dev.tightrope.governance.domain.ChangeRequest> decide(long id, SlackCaller caller);

        ChangeRequests requests() {
            return requests;
        }
    }

    /** "Approve": applies the request (see {@link ChangeRequests#approve}). */
    @Singleton
    public static class ApproveButton extends Decision {

        ApproveButton(ChangeRequests requests, SlackUsers users, SlackAudit audit) {
            super(requests, users, audit, ChangeRequestMessages.APPROVE, "approveChange");
        }

        @Override
        Uni<dev.tightrope.governance.domain.ChangeRequest> decide(long id, SlackCaller caller) {
            return requests().approve(id, null, caller.actor(), null);
        }
    }

    /** "Reject": closes the request; Slack buttons carry no text, so the reason says where it was rejected. */
    @Singleton
    public static class RejectButton extends Decision {

         RejectButton(ChangeRequests requests, SlackUsers users, SlackAudit audit) {
            super(requests, users, audit, ChangeRequestMessages.REJECT, "rejectChange");
        }

        @Override
        Uni<dev.tightrope.governance.domain.ChangeRequest> decide(long id, SlackCaller caller) {
            return requests().reject(id, null, caller.actor(), "Rejected in Slack by " + caller.actor());
        }
    }
}
