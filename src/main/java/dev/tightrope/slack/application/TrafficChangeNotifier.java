package dev.tightrope.slack.application;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.release.application.EventStreams;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.slack.domain.TrafficChangeNotifications;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Notifies Slack of every traffic change, whoever made it (API, Slack, rules, the judge…) and whichever instance
 * committed it: it listens to every deployment event this instance hears of ({@link EventStreams#onEvent}) and
 * hands the notification to {@link SlackNotifier}, which makes sure only one instance sends it. Events older than
 * {@code tightrope.slack.notifications.max-event-age} are ignored: those are heard again after a restart or a
 * reconnect and were notified (or not) back then.
 */
@Startup
@ApplicationScoped
public class TrafficChangeNotifier {

    private static final Logger LOG = Logger.getLogger(TrafficChangeNotifier.class);

    private final SlackNotifier notifier;
    private final SlackConfig config;
    private final Clock clock;
    private final TrafficChangeNotifications messages;

    TrafficChangeNotifier(EventStreams events, SlackNotifier notifier, SlackConfig config, SlackLinks links,
            Clock clock) {
        this.notifier = notifier;
        this.config = config;
        this.clock = clock;
        this.messages = new TrafficChangeNotifications(links.links());
        events.onEvent(event -> notify(event).subscribe().with(outcome -> {
        }, failure -> LOG.warnf(failure, "Notifying event %d failed", event.id())));
    }

    /** Sends the event's notification unless it is too old; completes when delivery ended. */
    public Uni<SlackNotifier.Outcome> notify(DeploymentEvent event) {
        Duration age = Duration.between(event.committedAt(), clock.instant());
        if (age.compareTo(config.notifications().maxEventAge()) > 0) {
            return Uni.createFrom().nullItem();
        }
        return notifier.send(messages.build(event));
    }
}
