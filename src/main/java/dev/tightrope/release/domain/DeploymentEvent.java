package dev.tightrope.release.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * One traffic change in a deployment's append-only history.
 *
 * @param decidedAt    when the change was asked for (request received, rule fired, verdict reached)
 * @param committedAt  when it was written in the same transaction as the state change
 * @param propagatedAt when every runtime acknowledged it; {@code null} until then (or when none was connected)
 */
public record DeploymentEvent(long id, String agent, String environment, long generation, TrafficChangeType type,
        Trigger trigger, Integer fromVersion, Integer toVersion, Long rolloutId, Integer weightBefore,
        Integer weightAfter, String actor, String reason, Instant decidedAt, Instant committedAt,
        Instant propagatedAt) {

    /** Decision to commit; the "how fast" of a rollback. */
    public Duration timeToCommit() {
        return Duration.between(decidedAt, committedAt);
    }
}
