package dev.tightrope.governance.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.governance.domain.ChangeRequest;
import dev.tightrope.governance.domain.ChangeRequestMessages;
import dev.tightrope.slack.application.SlackNotifier;
import dev.tightrope.slack.domain.Notification;

/**
 * Posts change requests to Slack, the way traffic changes go (the agent's webhook or the global one, retries, once
 * across instances): a new request with its Approve and Reject buttons, and how each one ended. Posting never holds
 * up or fails the request itself.
 */
@ApplicationScoped
public class ChangeRequestNotices {

    private static final Logger LOG = Logger.getLogger(ChangeRequestNotices.class);

    private final SlackNotifier notifier;

    ChangeRequestNotices(SlackNotifier notifier) {
        this.notifier = notifier;
    }

    /** A new request: posted with its buttons (key {@code change-request:<id>}). */
    public void requested(ChangeRequest request) {
        send(new Notification("change-request:" + request.id(), request.agent(),
                ChangeRequestMessages.requested(request)));
    }

    /** A request that ended (key {@code change-request-decided:<id>}); nothing while it is still open. */
    public void decided(ChangeRequest request) {
        if (request == null || !request.state().isFinal()) {
            return;
        }
        send(new Notification("change-request-" + request.state().name().toLowerCase() + ":" + request.id(),
                request.agent(), ChangeRequestMessages.decided(request)));
    }

    private void send(Notification notification) {
        try {
            notifier.send(notification).subscribe().with(outcome -> {
            }, failure -> LOG.warnf(failure, "Posting %s to Slack failed", notification.key()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Posting %s to Slack failed", notification.key());
        }
    }
}
