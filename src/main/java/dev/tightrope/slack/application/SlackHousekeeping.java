package dev.tightrope.slack.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.slack.persistence.SlackNotificationRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Forgets expired Slack request ids and old notification records, every 10 minutes, on every instance. */
@ApplicationScoped
public class SlackHousekeeping {

    private final SlackReplays replays;
    private final Sessions sessions;
    private final SlackNotificationRepository notifications;
    private final SlackConfig config;
    private final Clock clock;

    SlackHousekeeping(SlackReplays replays, Sessions sessions, SlackNotificationRepository notifications,
            SlackConfig config, Clock clock) {
        this.replays = replays;
        this.sessions = sessions;
        this.notifications = notifications;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cleanUp() {
        return replays.forgetExpired()
                .chain(() -> sessions.transaction(() -> notifications.deleteClaimedBefore(
                        clock.instant().minus(config.notifications().keepRecords()))))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
