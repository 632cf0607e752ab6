package dev.tightrope.slack.application;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.rules.application.AlertFeed;
import dev.tightrope.rules.application.AlertFeed.AlertEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Posts alerts to Slack: it watches every agent's alerts on this instance ({@code AlertFeed.watch(null)}, from
 * startup; the rules feature knows nothing of Slack) and hands their messages to {@link SlackNotifier}, so alerts go
 * the way traffic changes go: the agent's webhook or the global one, retries, the bounded queue, metrics, and one
 * post per key across instances.
 *
 * <ul>
 * <li>{@code ACTED}: the firing's message, once its action has run, so it can say what the action did (incoming
 * webhooks cannot edit a message, so there is no earlier "firing…" post to update). The evaluator publishes
 * {@code ACTED} after every firing (its outcome may be {@code SKIPPED (cooldown)}), again when a pending action is
 * retried; the key {@code alert-fired:<id>} keeps it to one post.</li>
 * <li>{@code RESOLVED}: a short "resolved" message without buttons (key {@code alert-resolved:<id>}).</li>
 * <li>{@code FIRED} (the action's outcome is not known yet) and {@code ACKNOWLEDGED}: nothing. An acknowledgement
 * from Slack replaces the clicked message instead (see {@link AlertActionHandlers}).</li>
 * </ul>
 *
 * Only the evaluating instance publishes FIRED, RESOLVED and ACTED, so each is heard once; the claim covers the
 * rest (a retried action's second ACTED, another instance's retry).
 */
@Startup
@ApplicationScoped
public class AlertNotifier {

    private static final Logger LOG = Logger.getLogger(AlertNotifier.class);

    private final AlertMessages messages;
    private final SlackNotifier notifier;
    private final SlackMetrics metrics;

    AlertNotifier(AlertFeed feed, AlertMessages messages, SlackNotifier notifier, SlackMetrics metrics) {
        this.messages = messages;
        this.notifier = notifier;
        this.metrics = metrics;
        feed.watch(null).subscribe().with(this::heard,
                failure -> LOG.errorf(failure, "The alert feed ended; alerts are no longer posted to Slack"));
    }

    private void heard(AlertEvent event) {
        try {
            Uni<SlackNotifier.Outcome> sent = notify(event);
            if (sent != null) {
                sent.subscribe().with(outcome -> {
                }, failure -> {
                    LOG.warnf(failure, "Posting alert %d failed", event.alert().id());
                    metrics.alertMessage(kind(event), "failed");
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Posting alert %d failed", event.alert().id());
            metrics.alertMessage(kind(event), "failed");
        }
    }

    /**
     * Posts what the event calls for; completes when delivery ended (tests wait on it). {@code null} for changes
     * that post nothing.
     */
    public Uni<SlackNotifier.Outcome> notify(AlertEvent event) {
        return switch (event.change()) {
            case ACTED -> messages.fired(event.alert()).chain(notifier::send).invoke(outcome -> counted(event, outcome));
            case RESOLVED -> notifier.send(messages.resolved(event.alert())).invoke(outcome -> counted(event, outcome));
            case FIRED, ACKNOWLEDGED -> null;
        };
    }

    private void counted(AlertEvent event, SlackNotifier.Outcome outcome) {
        metrics.alertMessage(kind(event), outcome.name().toLowerCase(Locale.ROOT));
    }

    private static String kind(AlertEvent event) {
        return event.change() == AlertFeed.Change.RESOLVED ? "resolved" : "fired";
    }
}
