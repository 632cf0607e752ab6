package dev.tightrope.rules.application;

import dev.tightrope.rules.domain.CircuitBreaker;
import dev.tightrope.rules.domain.Observation;
import dev.tightrope.rules.domain.Rule;

/** The reason a circuit breaker's move records in its deployment event. */
final class BreakerTexts {

    private BreakerTexts() {
    }

    static String reason(String tool, CircuitBreaker.Move move, Rule rule, Observation calls, RulesConfig config) {
        String breaker = "circuit breaker of " + tool + ": ";
        return switch (move) {
            case HALF_OPEN -> breaker + "half-open after " + config.breakerOpenFor().toSeconds() + " s open; "
                    + config.breakerHalfOpenShare() + " % of routing keys may use it again";
            case OPEN -> breaker + "open again: " + measured(rule, calls);
            case CLOSE -> rule == null ? breaker + "closed (its disable_tool rule was deleted)"
                    : breaker + "closed: " + measured(rule, calls);
            case STAY -> breaker + "unchanged";
        };
    }

    private static String measured(Rule rule, Observation calls) {
        return "tool_error_rate(" + rule.tool() + ") " + RuleTexts.value(rule, calls.value()) + " on " + calls.samples()
                + " calls since it half-opened (" + rule.toSource() + ")";
    }
}
