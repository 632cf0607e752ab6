package dev.tightrope.slack.application;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.slack.persistence.SlackRequestRepository;
import io.smallrye.mutiny.Uni;

/**
 * "Never act twice" for Slack requests, across instances: a request id (see
 * {@link dev.tightrope.slack.domain.SlackRequestIds}) is claimed in the database before anything is done; a retry
 * ({@code X-Slack-Retry-Num}), a double click delivered twice, or a replay of a captured request finds it claimed
 * and does nothing. Ids are remembered for {@code tightrope.slack.replay-memory} (1 hour); anything older is refused
 * by its signature's timestamp anyway.
 */
@ApplicationScoped
public class SlackReplays {

    private final Sessions sessions;
    private final SlackRequestRepository requests;
    private final SlackConfig config;
    private final Clock clock;

    SlackReplays(Sessions sessions, SlackRequestRepository requests, SlackConfig config, Clock clock) {
        this.sessions = sessions;
        this.requests = requests;
        this.config = config;
        this.clock = clock;
    }

    /** {@code true} the first time an id is seen (go ahead), {@code false} afterwards (do nothing). */
    public Uni<Boolean> firstTime(String requestId) {
        Instant now = clock.instant();
        return sessions.transaction(() -> requests.claim(requestId, now, now.plus(config.replayMemory())));
    }

    /** Forgets expired ids; run periodically. */
    public Uni<Integer> forgetExpired() {
        return sessions.transaction(() -> requests.deleteExpired(clock.instant()));
    }
}
