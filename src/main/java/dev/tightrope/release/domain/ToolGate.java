package dev.tightrope.release.domain;

import java.time.Instant;

/**
 * A tool's circuit breaker on a deployment, when it is not closed: OPEN (no request may use the tool) or
 * HALF_OPEN (a share of routing keys may use it again, to see whether it recovered). A closed breaker has no gate.
 *
 * <p>Which keys a half-open gate lets through is sticky, like the canary's: key k may use tool t when
 * {@code Bucketing.bucket("tool:" + t, k) < share × 100}, so the same customers try the tool until it closes or
 * opens again; a request without a routing key never does. Example: share 10 lets buckets 0 to 999 of 10 000
 * through.
 *
 * @param share  percent of routing keys that may use the tool (0 when OPEN, 1 to 99 when HALF_OPEN)
 * @param since  when the breaker entered this state
 * @param reason why, as the breaker's event says (the rule, the error rate, the samples)
 */
public record ToolGate(State state, int share, Instant since, String reason) {

    /** A breaker's state other than closed. */
    public enum State { OPEN, HALF_OPEN }

    public ToolGate {
        if (state == State.OPEN && share != 0 || state == State.HALF_OPEN && (share < 1 || share > 99)) {
            throw new IllegalArgumentException("share " + share + " does not fit " + state);
        }
    }

    /** Whether a request with this routing key may use the tool. */
    public boolean admits(String tool, String routingKey) {
        return state == State.HALF_OPEN && routingKey != null && !routingKey.isEmpty()
                && Bucketing.bucket("tool:" + tool, routingKey) < share * (Bucketing.BUCKETS / 100);
    }
}
