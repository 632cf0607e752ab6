package dev.tightrope.drills.application;

import java.time.Duration;
import java.time.Instant;

import dev.tightrope.drills.domain.DrillMode;
import dev.tightrope.drills.domain.DrillResult;

/** What one drill has found so far; becomes a {@link DrillResult} when it ends. Used by one drill at a time. */
final class DrillRun {

    final String agent;
    final String environment;
    final DrillMode mode;
    final String actor;
    final Instant slot;
    final Instant startedAt;
    long deploymentId;
    Integer fromVersion;
    Integer toVersion;
    Double checkMillis;
    Double switchMillis;
    Double rollbackCommitMillis;
    Double rollbackPropagationMillis;
    Double forwardCommitMillis;
    Double forwardPropagationMillis;
    Integer runtimesExpected;
    Integer runtimesAcknowledged;
    String failure;

    DrillRun(String agent, String environment, DrillMode mode, String actor, Instant slot, Instant startedAt) {
        this.agent = agent;
        this.environment = environment;
        this.mode = mode;
        this.actor = actor;
        this.slot = slot;
        this.startedAt = startedAt;
    }

    /**
     * Records a failure. The first one leads; a later one of another step is added after it ("…; then: …"), so a
     * roll-forward that did not happen is never hidden behind the rollback's propagation timeout before it.
     */
    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        } else if (!failure.contains(reason)) {
            failure = failure + "; then: " + reason;
        }
    }

    boolean failed() {
        return failure != null;
    }

    DrillResult finish(Instant finishedAt) {
        return new DrillResult(0, agent, environment, mode, failure == null, slot != null, actor, fromVersion,
                toVersion, startedAt, finishedAt, checkMillis, switchMillis, rollbackCommitMillis,
                rollbackPropagationMillis, forwardCommitMillis, forwardPropagationMillis, runtimesExpected,
                runtimesAcknowledged, failure, slot);
    }

    static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    static double millis(Instant from, Instant to) {
        return millis(Duration.between(from, to));
    }
}
