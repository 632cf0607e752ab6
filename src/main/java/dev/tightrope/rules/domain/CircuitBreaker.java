package dev.tightrope.rules.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A tool's circuit breaker on one deployment, driven by its {@code disable_tool} rule:
 * <pre>
 *   CLOSED ──rule fires──▶ OPEN ──openFor passed──▶ HALF_OPEN ──calls healthy──▶ CLOSED
 *                            ▲                          │
 *                            └──────calls failing───────┘
 * </pre>
 * OPEN: no request may use the tool. HALF_OPEN: a share of routing keys may use it again (sticky), and once those
 * calls since the breaker half-opened reach the rule's {@code MIN_SAMPLES}, the rule's condition on them decides:
 * still failing → OPEN again, healthy → CLOSED. A pure function; the evaluator applies its answer through the
 * release service (each move a traffic change with its own generation, so every runtime learns of it).
 *
 * <p>Example, {@code IF tool_error_rate(search) > 50% THEN disable_tool}, open for 60 s, half-open share 10 %: the
 * rule fires at 10:00:00 → OPEN; at 10:01:00 → HALF_OPEN; 10 % of customers call search again; at 10:01:40 those
 * calls number 20 with 2 errors (10 %) → CLOSED.
 */
public final class CircuitBreaker {

    /** What the breaker does at this evaluation. */
    public enum Move { STAY, HALF_OPEN, OPEN, CLOSE }

    /** The breaker's state: CLOSED, OPEN or HALF_OPEN. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private CircuitBreaker() {
    }

    /**
     * @param since            when the breaker entered its state
     * @param rule             the breaker's disable_tool rule; null when it was deleted (then the breaker half-opens on
     *                         time and closes: nothing watches the tool any more)
     * @param sinceHalfOpened  the rule's metric over the calls made since the breaker half-opened (ignored otherwise)
     */
    public static Move next(State state, Instant since, Rule rule, Observation sinceHalfOpened, Instant now,
            Duration openFor) {
        return switch (state) {
            case CLOSED -> Move.STAY;
            case OPEN -> now.isBefore(since.plus(openFor)) ? Move.STAY : Move.HALF_OPEN;
            case HALF_OPEN -> {
                if (rule == null) {
                    yield Move.CLOSE;
                }
                if (sinceHalfOpened.samples() < rule.minSamples() || Double.isNaN(sinceHalfOpened.value())) {
                    yield Move.STAY;
                }
                yield rule.condition().holds(sinceHalfOpened.value(), sinceHalfOpened.baseline()) ? Move.OPEN
                        : Move.CLOSE;
            }
        };
    }
}
