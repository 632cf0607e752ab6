package dev.tightrope.rules.application;

import java.util.Locale;

import dev.tightrope.rules.domain.Observation;
import dev.tightrope.rules.domain.Rule;

/**
 * How a rule's condition and a firing read in alerts and in the reason of the deployment event. Public for the
 * features on top that show alerts (Slack): {@link #value} is the one way a metric's value is written.
 */
public final class RuleTexts {

    private RuleTexts() {
    }

    /** The condition as the rule writes it: {@code > 15%}, {@code DROPS > 20%}, {@code > 3x BASELINE}. */
    static String condition(Rule rule) {
        String source = rule.toSource();
        int start = source.indexOf(' ', 3) + 1;
        int end = source.indexOf(" FOR ");
        if (end < 0) {
            end = source.indexOf(" THEN ");
        }
        return source.substring(start, end);
    }

    /**
     * Example: {@code rule 12 (IF error_rate > 15% FOR 2m THEN rollback): error_rate 30.0% on 120 samples of v2 over
     * the last 15 s}: the rule with its threshold, the value, the samples, the version and the window.
     */
    static String reason(long ruleId, Rule rule, Observation observation, int version, boolean canary) {
        StringBuilder reason = new StringBuilder("rule ").append(ruleId).append(" (").append(rule.toSource())
                .append("): ").append(rule.metric().keyword());
        if (rule.tool() != null) {
            reason.append('(').append(rule.tool()).append(')');
        }
        reason.append(' ').append(value(rule, observation.value()));
        if (!Double.isNaN(observation.baseline())) {
            reason.append(" against a baseline of ").append(value(rule, observation.baseline()));
        }
        reason.append(" on ").append(observation.samples()).append(" samples of v").append(version)
                .append(canary ? " (canary)" : "");
        if (!observation.window().isZero()) {
            reason.append(" over the last ").append(Math.max(1, observation.window().toSeconds())).append(" s");
        }
        return reason.toString();
    }

    /**
     * A value of the rule's metric in its unit: 0.3 of a rate is {@code 30.0%}, 1 250 ms is {@code 1250 ms}, a
     * cost {@code $0.0020}, a rate {@code 3.50/s}, a score {@code 0.700}, a count {@code 8000}.
     */
    public static String value(Rule rule, double value) {
        return switch (rule.metric().unit()) {
            case PERCENT -> String.format(Locale.ROOT, "%.1f%%", value * 100);
            case DURATION -> String.format(Locale.ROOT, "%.0f ms", value);
            case USD -> String.format(Locale.ROOT, "$%.4f", value);
            case PER_SECOND -> String.format(Locale.ROOT, "%.2f/s", value);
            case SCORE -> String.format(Locale.ROOT, "%.3f", value);
            case COUNT -> String.format(Locale.ROOT, "%.0f", value);
        };
    }
}
