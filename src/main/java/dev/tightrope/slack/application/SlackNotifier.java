package dev.tightrope.slack.application;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.instance.InstanceId;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.slack.application.SlackMetrics.NotificationOutcome;
import dev.tightrope.slack.domain.Notification;
import dev.tightrope.slack.domain.RetryPolicy;
import dev.tightrope.slack.persistence.SlackNotificationRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Posts notifications to Slack incoming webhooks, for traffic changes ({@link TrafficChangeNotifier}) and alerts
 * ({@link AlertNotifier}).
 *
 * <p>Sending never holds up whoever produced the notification: {@link #send} returns at once and delivery runs on
 * the event loop ({@link SlackPoster}: retries with exponential backoff, each attempt bounded by a timeout). At most
 * {@code tightrope.slack.notifications.queue-capacity} notifications are in flight; beyond that new ones are
 * dropped and counted, so a Slack outage cannot grow memory without bound.
 *
 * <p>In order per agent: one agent's notifications are posted one after another, in the order they were sent, so
 * that the last message of a deployment in the channel describes its latest change (posted side by side, a quick
 * deploy and rollback could arrive the other way round). Notifications of different agents do not wait for each
 * other. The order holds for the notifications one instance claims; those another instance claims carry their
 * generation.
 *
 * <p>Once across instances: every instance hears every traffic change, and each tries to insert the notification's
 * key into {@code slack_notification}; the primary key lets exactly one succeed, and only that one sends. (The
 * alternative, "the instance that committed the change sends", would lose the notification of changes written by
 * another instance that dies right after its commit, and of changes made outside the application.) The claim is
 * at-most-once: if the claiming instance dies before Slack accepted the post, that notification is lost, which is
 * preferable to posting it twice. The outcome (SENT, FAILED, DROPPED) is written back to the row for diagnosis.
 */
@ApplicationScoped
public class SlackNotifier {

    private static final Logger LOG = Logger.getLogger(SlackNotifier.class);

    /** How a notification ended on this instance. */
    public enum Outcome {
        SENT, FAILED, DROPPED,
        /** Neither the agent nor the application has a webhook URL. */
        NO_WEBHOOK,
        /** Another instance (or an earlier delivery of the same event to this one) claimed it. */
        CLAIMED_ELSEWHERE
    }

    private final AtomicInteger pending = new AtomicInteger();
    /** Per agent, the end of its last notification's delivery: the next one starts after it. */
    private final Map<String, CompletableFuture<Void>> lastOfAgent = new ConcurrentHashMap<>();
    private final SlackWebhooks webhooks;
    private final SlackPoster poster;
    private final SlackMetrics metrics;
    private final SlackConfig config;
    private final Sessions sessions;
    private final SlackNotificationRepository claims;
    private final InstanceId instance;
    private final Clock clock;

    SlackNotifier(SlackWebhooks webhooks, SlackPoster poster, SlackMetrics metrics, SlackConfig config,
            Sessions sessions, SlackNotificationRepository claims, InstanceId instance, Clock clock) {
        this.webhooks = webhooks;
        this.poster = poster;
        this.metrics = metrics;
        this.config = config;
        this.sessions = sessions;
        this.claims = claims;
        this.instance = instance;
        this.clock = clock;
        metrics.pending(pending::get);
    }

    /**
     * Sends a notification. The returned {@link Uni} completes when delivery ended (tests wait on it); callers that
     * do not care subscribe and move on. It never fails.
     */
    public Uni<Outcome> send(Notification notification) {
        return Uni.createFrom().deferred(() -> {
            int capacity = config.notifications().queueCapacity();
            if (pending.incrementAndGet() > capacity) { // waiting for its turn counts: the bound is on memory
                pending.decrementAndGet();
                metrics.notification(NotificationOutcome.DROPPED);
                LOG.warnf("Slack notification %s dropped: %d notifications already pending", notification.key(),
                        capacity);
                return Uni.createFrom().item(Outcome.DROPPED);
            }
            String agent = notification.agent() == null ? "" : notification.agent();
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<Void> previous = lastOfAgent.put(agent, done);
            Uni<Void> turn = previous == null ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(previous);
            return turn.chain(() -> deliver(notification)).onTermination().invoke(() -> {
                pending.decrementAndGet();
                done.complete(null);
                lastOfAgent.remove(agent, done);
            });
        });
    }

    private Uni<Outcome> deliver(Notification notification) {
        return webhooks.urlFor(notification.agent())
                .chain(url -> url.isEmpty() ? Uni.createFrom().item(Outcome.NO_WEBHOOK) : claimAndPost(notification,
                        url.get()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Slack notification %s not sent: %s", notification.key(), failure.toString());
                    metrics.notification(NotificationOutcome.FAILED);
                    return Outcome.FAILED;
                });
    }

    /** Notifications waiting or being sent on this instance. */
    public int pending() {
        return pending.get();
    }

    private Uni<Outcome> claimAndPost(Notification notification, String url) {
        return sessions.transaction(() -> claims.claim(notification.key(), instance.value(), clock.instant()))
                .chain(claimed -> claimed ? post(notification, url)
                        : Uni.createFrom().item(Outcome.CLAIMED_ELSEWHERE));
    }

    private Uni<Outcome> post(Notification notification, String url) {
        SlackConfig.Notifications settings = config.notifications();
        RetryPolicy policy = new RetryPolicy(settings.maxAttempts(), settings.initialBackoff(),
                settings.maxBackoff());
        String json = new JsonObject(notification.message().toJson()).encode();
        return poster.post(url, json, policy, settings.requestTimeout(),
                        attempt -> metrics.notification(NotificationOutcome.RETRIED))
                .chain(result -> {
                    Outcome outcome = result.delivered() ? Outcome.SENT : Outcome.FAILED;
                    metrics.notification(result.delivered() ? NotificationOutcome.SENT : NotificationOutcome.FAILED);
                    return sessions.transaction(() -> claims.finish(notification.key(), outcome.name(),
                                    result.attempts(), clock.instant()))
                            .onFailure().recoverWithItem(0)
                            .replaceWith(outcome);
                });
    }

    /**
     * For diagnostics and tests: how a claimed notification ended, as outcome and attempts ({@code SENT 3},
     * {@code PENDING 0}); empty when nobody claimed it.
     */
    public Uni<Optional<String>> recordedOutcome(String key) {
        return sessions.read(() -> claims.outcome(key)).map(Optional::ofNullable);
    }
}
