package dev.tightrope.rules.domain;

import java.time.Instant;

/**
 * One evaluation of a rule on a deployment: the next state, and whether to act. A pure function, so the state
 * machine of {@link RuleState} is tested as a table.
 *
 * <p>A breach needs at least {@code minSamples} in the window and, for relative conditions, a baseline. {@code FOR}
 * has Prometheus' meaning: the breach must be seen at every evaluation from the first one that saw it until
 * {@code FOR} has passed; one evaluation without it (cleared, or too few samples) starts again from OK. A firing
 * rule resolves at the first evaluation that sees enough samples and no breach; too few samples leave it firing
 * (silence is not recovery). Each entry into FIRING is one firing, numbered; it acts unless the rule acted on this
 * deployment less than {@code cooldown} ago (then it fires, alerts, and does not act).
 *
 * <p>Example, {@code IF error_rate > 15% FOR 2m THEN rollback}, evaluated every 5 s: 30 % errors seen first at
 * 10:00:05 → PENDING since 10:00:05; still 30 % at 10:02:05 → FIRING, act (firing 1); 1 % at 10:03:00 → RESOLVED.
 */
public final class RuleEvaluation {

    /** The outcome: the state to keep, whether this evaluation fired the rule, and whether it must act. */
    public record Step(RuleStatus status, boolean fired, boolean resolved, boolean act) {
    }

    private RuleEvaluation() {
    }

    public static Step next(Rule rule, RuleStatus previous, Observation observation, Instant now) {
        // request_rate needs no samples: no request in a minute is a rate too, the one such rules watch for
        boolean enough = (rule.metric() == RuleMetric.REQUEST_RATE || observation.samples() >= rule.minSamples())
                && !Double.isNaN(observation.value());
        boolean breach = enough && rule.condition().holds(observation.value(), observation.baseline());
        switch (previous.state()) {
            case PENDING -> {
                if (!breach) {
                    return stay(new RuleStatus(RuleState.OK, now, previous.firings(), previous.lastActionAt()));
                }
                if (!now.isBefore(previous.since().plus(rule.forDuration()))) {
                    return fire(rule, previous, now);
                }
                return stay(previous);
            }
            case FIRING -> {
                if (enough && !breach) {
                    return new Step(new RuleStatus(RuleState.RESOLVED, now, previous.firings(),
                            previous.lastActionAt()), false, true, false);
                }
                return stay(previous);
            }
            default -> {
                if (!breach) {
                    return stay(previous);
                }
                if (rule.forDuration().isZero()) {
                    return fire(rule, previous, now);
                }
                return stay(new RuleStatus(RuleState.PENDING, now, previous.firings(), previous.lastActionAt()));
            }
        }
    }

    private static Step fire(Rule rule, RuleStatus previous, Instant now) {
        boolean cooling = previous.lastActionAt() != null
                && now.isBefore(previous.lastActionAt().plus(rule.cooldown()));
        Instant lastAction = cooling ? previous.lastActionAt() : now;
        return new Step(new RuleStatus(RuleState.FIRING, now, previous.firings() + 1, lastAction), true, false,
                !cooling);
    }

    private static Step stay(RuleStatus status) {
        return new Step(status, false, false, false);
    }
}
