package dev.tightrope.access.application;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.access.persistence.ApiTokenRepository;
import dev.tightrope.platform.persistence.Sessions;

/**
 * Writes when tokens were last used, cheaply: per token and instance at most once per
 * {@code tightrope.access.last-use-interval} (60 s), in the background — the request that triggers the write does
 * not wait for it, and a failed write is simply retried at the next interval. So {@code lastUsedAt} is accurate to
 * about a minute, and a runtime calling route() thousands of times per second causes one UPDATE a minute.
 */
@ApplicationScoped
class LastUseRecorder {

    private static final Logger LOG = Logger.getLogger(LastUseRecorder.class);

    private final Sessions sessions;
    private final ApiTokenRepository tokens;
    private final AccessConfig config;
    private final ConcurrentMap<Long, Instant> written = new ConcurrentHashMap<>();

    LastUseRecorder(Sessions sessions, ApiTokenRepository tokens, AccessConfig config) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.config = config;
    }

    void used(long tokenId, Instant now) {
        Instant previous = written.get(tokenId);
        if (previous != null && now.isBefore(previous.plus(config.lastUseInterval()))) {
            return;
        }
        boolean claimed = previous == null ? written.putIfAbsent(tokenId, now) == null
                : written.replace(tokenId, previous, now);
        if (!claimed) {
            return; // a concurrent request of the same token writes it
        }
        sessions.transaction(() -> tokens.touch(tokenId, now)).subscribe().with(
                ignored -> { },
                error -> LOG.debugf("Could not record the last use of API token %d: %s", tokenId, error.toString()));
    }
}
