package dev.tightrope.rules.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

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
                    .append(percent(c.fraction()));
        } else if (condition instanceof Condition.BaselineMultiple m) {
            text.append(m.operator().symbol()).append(' ').append(plain(m.factor())).append("x BASELINE");
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

    /**
     * The threshold as written: 0.15 of a rate is {@code 15%}, 4 000 ms is {@code 4s}, 1/3600 of a request per second
     * is {@code 1/h}. Of the ways the parser reads a value in this unit, the shortest text that it reads back to
     * exactly this double, so the canonical text always parses to an equal rule (see {@link #exact}).
     */
    private String value(double value) {
        return switch (metric.unit()) {
            case PERCENT -> percent(value);
            case DURATION -> shortest(value >= 1000 ? exact(value, value / 1000, w -> w * 1000, "s") : null,
                    exact(value, value, w -> w, "ms"), number(value) + "ms");
            case PER_SECOND -> shortest(exact(value, value, w -> w, ""), exact(value, value * 60, w -> w / 60, "/m"),
                    exact(value, value * 3600, w -> w / 3600, "/h"), number(value));
            case USD, COUNT, SCORE -> plain(value);
        };
    }

    static String percent(double fraction) {
        return shortest(exact(fraction, fraction * 100, w -> w / 100, "%"), number(fraction * 100) + "%");
    }

    static String plain(double value) {
        return shortest(exact(value, value, w -> w, ""), number(value));
    }

    /**
     * The shortest decimal, followed by {@code suffix}, that the parser reads back to exactly {@code target}: it
     * reads the digits as a double {@code w} and computes {@code fromWritten(w)}. Tries 1 to 17 significant digits
     * of {@code written}, the target in that unit; null when none gives the target back.
     *
     * <p>Example: 1/h is stored as 1/3600 = 2.777…E-4 requests per second. Per second, 16 digits are needed
     * ({@code 0.0002777777777777778}); per hour, {@code 2.777…E-4 × 3600} rounds to {@code 1} at one digit, and
     * {@code 1 / 3600} is the target again: {@code 1/h}.
     */
    static String exact(double target, double written, DoubleUnaryOperator fromWritten, String suffix) {
        if (!Double.isFinite(written)) {
            return null;
        }
        BigDecimal exactly = new BigDecimal(written);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal candidate = exactly.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (fromWritten.applyAsDouble(candidate.doubleValue()) == target) {
                return candidate.stripTrailingZeros().toPlainString() + suffix;
            }
        }
        return null;
    }

    /** The shortest of the texts that are not null; the last one is the fallback and never null. */
    private static String shortest(String... texts) {
        String best = null;
        for (String text : texts) {
            if (text != null && (best == null || text.length() < best.length())) {
                best = text;
            }
        }
        return best;
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
