package dev.tightrope.release.domain;

import java.time.Instant;

/**
 * Whether a traffic change has reached the runtimes that were connected when it was decided.
 *
 * @param propagatedAt when the last of them acknowledged (ACKNOWLEDGED), the commit time (NO_RUNTIMES), the
 *                     deadline (TIMED_OUT), or {@code null} while PENDING
 */
public record Propagation(PropagationStatus status, Instant propagatedAt, int runtimesExpected, int runtimesAcknowledged) {
}
