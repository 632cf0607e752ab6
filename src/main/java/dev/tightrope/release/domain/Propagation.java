package dev.tightrope.release.domain;

import org.eclipse.microprofile.graphql.Description;

import java.time.Instant;

/**
 * Whether a traffic change has reached the runtimes that were connected when it was decided.
 *
 * @param propagatedAt when the last of them acknowledged (ACKNOWLEDGED), the commit time (NO_RUNTIMES), the
 *                     deadline (TIMED_OUT), or {@code null} while PENDING
 */
@Description("Whether a traffic change has reached the runtimes that were connected when it was decided.")
public record Propagation(
        @Description("Where the propagation stands.") PropagationStatus status,
        Instant propagatedAt,
        @Description("Runtimes subscribed when the change was decided.") int runtimesExpected,
        @Description("How many of them have acknowledged it or a later generation.") int runtimesAcknowledged) {
}
