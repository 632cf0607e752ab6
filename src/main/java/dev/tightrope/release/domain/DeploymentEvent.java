package dev.tightrope.release.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * One traffic change in a deployment's append-only history.
 *
 * @param decidedAt    when the change was asked for (request received, rule fired, verdict reached)
 * @param committedAt  when it was written in the same transaction as the state change
 * @param propagation  whether it reached the runtimes connected at decision time; {@code null} if unknown
 */
public record DeploymentEvent(long id, String agent, String environment, long generation, TrafficChangeType type,
        Trigger trigger, Integer fromVersion, Integer toVersion, Long rolloutId, Integer weightBefore,
        Integer weightAfter, String actor, String reason, Instant decidedAt, Instant committedAt,
        Propagation propagation) {

    /** When every connected runtime had it (or the timeout passed, see {@link Propagation}); null while pending. */
    public Instant propagatedAt() {
        return propagation == null ? null : propagation.propagatedAt();
    }

    public DeploymentEvent withPropagation(Propagation value) {
        return new DeploymentEvent(id, agent, environment, generation, type, trigger, fromVersion, toVersion,
                rolloutId, weightBefore, weightAfter, actor, reason, decidedAt, committedAt, value);
    }

    /** Decision to commit; the "how fast" of a rollback. */
    public Duration timeToCommit() {
        return Duration.between(decidedAt, committedAt);
    }
}
