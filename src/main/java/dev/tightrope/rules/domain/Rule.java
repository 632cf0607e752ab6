package dev.tightrope.rules.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * A trigger rule, parsed: {@code IF error_rate > 15% FOR 2m THEN rollback}. Values are in the metric's base unit
 * (see {@link Condition}).
 *
 * @param tool            the tool of {@code tool_error_rate(tool)}, else null
 * @param forDuration     how long the condition must hold before the rule fires (Prometheus' {@code for});
 *                        zero fires at the first evaluation that sees it
 * @param fallbackVersion the version of {@code fallback TO VERSION n}, else null
 * @param minSamples      outcomes (for tool rules, tool calls) the window needs before the rule may fire
 * @param cooldown        after an action, how long the rule waits before it may act again on the same deployment
 */
public record Rule(RuleMetric metric, String tool, Condition condition, Duration forDuration, RuleAction action,
        Integer fallbackVersion, Severity severity, int minSamples, Duration cooldown) {

    /** {@code MIN_SAMPLES} when not given. */
    public static final int DEFAULT_MIN_SAMPLES = 20;
    /** {@code COOLDOWN} when not given. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(15);

    /** The severity a rule gets without {@code SEVERITY}: WARNING for an alert, CRITICAL for any other action. */
    public static Severity defaultSeverity(RuleAction action) {
        return action == RuleAction.ALERT ? Severity.WARNING : Severity.CRITICAL;
    }

    /**
     * The rule in canonical text, which {@link RuleParser} reads back to an equal rule; options at their defaults
     * are left out. Example: {@code IF tool_error_rate(search) > 50% FOR 1m THEN disable_tool}.
     */
    public String toSource() {
        StringBuilder text = new StringBuilder("IF ").append(metric.keyword());
        if (tool != null) {
            text.append('(').append(tool).append(')');
        }
        text.append(' ');
        if (condition instanceof Condition.Threshold t) {
            text.append(t.operator().symbol()).append(' ').append(value(t.threshold()));
        } else if (condition instanceof Condition.Change c) {
            text.append(c.drops() ? "DROPS " : "RISES ").append(c.operator().symbol()).append(' ')
                    .append(number(c.fraction() * 100)).append('%');
        } else if (condition instanceof Condition.BaselineMultiple m) {
            text.append(m.operator().symbol()).append(' ').append(number(m.factor())).append("x BASELINE");
        }
        if (!forDuration.isZero()) {
            text.append(" FOR ").append(duration(forDuration));
        }
        text.append(" THEN ").append(action.name().toLowerCase(Locale.ROOT));
        if (action == RuleAction.FALLBACK) {
            text.append(" TO VERSION ").append(fallbackVersion);
        }
        if (severity != defaultSeverity(action)) {
            text.append(" SEVERITY ").append(severity.name().toLowerCase(Locale.ROOT));
        }
        if (minSamples != DEFAULT_MIN_SAMPLES) {
            text.append(" MIN_SAMPLES ").append(minSamples);
        }
        if (!cooldown.equals(DEFAULT_COOLDOWN)) {
            text.append(" COOLDOWN ").append(duration(cooldown));
        }
        return text.toString();
    }

    /** The threshold as written: 0.15 of a rate is {@code 15%}, 4 000 ms is {@code 4s}. */
    private String value(double value) {
        return switch (metric.unit()) {
            case PERCENT -> number(value * 100) + "%";
            case DURATION -> value >= 1000 ? number(value / 1000) + "s" : number(value) + "ms";
            case USD, COUNT, SCORE, PER_SECOND -> number(value);
        };
    }

    static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
