package dev.tightrope.drills.domain;

import java.time.Instant;

/**
 * One drill of one deployment and how it went. Durations are milliseconds, {@code null} where the drill did not
 * get that far or the mode has no such step (a DRY_RUN has only {@code checkMillis} and {@code switchMillis}).
 *
 * @param fromVersion          the version that was live when the drill started
 * @param toVersion            the version a rollback goes to: the previous known-good one (or the stable version,
 *                             when a canary is running)
 * @param checkMillis          checking that the target is complete: the version and every component resolvable
 * @param switchMillis         DRY_RUN: the rehearsed switch transaction, from decision to its rollback
 * @param rollbackCommitMillis LIVE: the rollback from decision to commit
 * @param rollbackPropagationMillis LIVE: from the rollback's decision until every runtime acknowledged it
 * @param forwardCommitMillis  LIVE: the roll-forward from decision to commit
 * @param forwardPropagationMillis LIVE: from the roll-forward's decision until every runtime acknowledged it
 * @param runtimesExpected     LIVE: the runtimes connected when the rollback was decided
 * @param runtimesAcknowledged LIVE: of those, how many acknowledged the rollback
 * @param failureReason        why it did not pass; {@code null} when it passed
 * @param scheduleSlot         the schedule's slot of a scheduled drill; {@code null} when a person ran it
 */
public record DrillResult(long id, String agent, String environment, DrillMode mode, boolean passed,
        boolean scheduled, String actor, Integer fromVersion, Integer toVersion, Instant startedAt,
        Instant finishedAt, Double checkMillis, Double switchMillis, Double rollbackCommitMillis,
        Double rollbackPropagationMillis, Double forwardCommitMillis, Double forwardPropagationMillis,
        Integer runtimesExpected, Integer runtimesAcknowledged, String failureReason, Instant scheduleSlot) {

    /** The whole drill, start to finish, in milliseconds. */
    public double totalMillis() {
        return java.time.Duration.between(startedAt, finishedAt).toNanos() / 1e6;
    }
}
