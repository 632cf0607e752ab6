package dev.tightrope.sdk.routing;

/**
 * A tool's circuit breaker that is not closed, from the configuration's {@code toolGates}:
 * {@code {"search": {"state": "HALF_OPEN", "share": 10, "since": "…", "reason": "…"}}}.
 *
 * <p>An {@code OPEN} gate keeps every request from the tool. A {@code HALF_OPEN} one lets in the requests whose
 * routing key has a bucket under the salt {@code tool:<name>} below {@code share × 100} (sticky, as the canary), and
 * never a request without a key. A gate the SDK does not understand (another state, a share that is not a whole
 * number from 0 to 100) keeps every request from the tool: a misread never opens a breaker.
 *
 * @param state {@code OPEN} or {@code HALF_OPEN} as the server sent it, or what else it sent ({@code null} for none)
 * @param share percent of routing keys let in while half-open; -1 when the server sent no usable share
 */
public record ToolGate(String state, int share) {

    /** Whether a request with {@code routingKey} may use {@code tool}. */
    public boolean admits(String tool, String routingKey) {
        return "HALF_OPEN".equals(state) && share >= 0 && routingKey != null && !routingKey.isEmpty()
                && Bucketing.bucket("tool:" + tool, routingKey) < share * (Bucketing.BUCKETS / 100);
    }
}
