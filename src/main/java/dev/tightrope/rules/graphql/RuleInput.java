package dev.tightrope.rules.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.rules.domain.Operator;
import dev.tightrope.rules.domain.RuleAction;
import dev.tightrope.rules.domain.RuleMetric;
import dev.tightrope.rules.domain.Severity;

/**
 * A rule given field by field instead of as text. It is written out as rule text and read by the same parser, so
 * both forms are checked the same way (an error's line and column are then in the text shown in its message).
 */
@Input("RuleInput")
@Description("A rule field by field; it becomes rule text (and is checked) exactly as if written.")
public class RuleInput {

    /** How the threshold compares. */
    @Description("How a rule's threshold compares.")
    @org.eclipse.microprofile.graphql.Enum("RuleForm")
    public enum Form {
        @Description("value op threshold, in the metric's unit.")
        THRESHOLD,
        @Description("The drop from the baseline, in percent of the baseline.")
        DROPS,
        @Description("The rise over the baseline, in percent of the baseline.")
        RISES,
        @Description("value op threshold × the baseline.")
        BASELINE_MULTIPLE
    }

    @NonNull
    @Description("What the rule watches.")
    public RuleMetric metric;
    @Description("For TOOL_ERROR_RATE: the tool.")
    public String tool;
    @Description("THRESHOLD (default): value op threshold; DROPS / RISES: the change from the baseline, in percent; "
            + "BASELINE_MULTIPLE: op threshold × the baseline.")
    public Form form;
    @NonNull
    @Description("How the value compares with the threshold.")
    public Operator operator;
    @NonNull
    @Description("In the unit rule text uses: percent for rates (15 is 15%), ms for latencies, USD, tokens, "
            + "0 to 1 for eval scores, per second for request rates; percent for DROPS and RISES; the factor for "
            + "BASELINE_MULTIPLE.")
    public double threshold;
    @Description("How long the condition must hold before the rule fires, in seconds; none or 0: at once.")
    public Integer forSeconds;
    @NonNull
    @Description("What the rule does when it fires.")
    public RuleAction action;
    @Description("For FALLBACK: the version to switch to.")
    public Integer fallbackVersion;
    @Description("The severity of its alerts; warning for ALERT, critical otherwise when not given.")
    public Severity severity;
    @Description("Samples the window needs before the rule may fire; 20 when not given.")
    public Integer minSamples;
    @Description("After acting, seconds before it may act again on the same deployment; 900 when not given.")
    public Integer cooldownSeconds;

    /**
     * Refuses, naming the field, what the rule text these fields become would refuse at a position of a text the
     * caller never wrote; every such problem at once. The rest is left to the rule parser, as for a text.
     */
    void check() {
        List<Violation> violations = new ArrayList<>();
        if (!Double.isFinite(threshold) || threshold < 0) {
            violations.add(new Violation("input.threshold", "must be a number of 0 or more"));
        }
        if (forSeconds != null && forSeconds < 0) {
            violations.add(new Violation("input.forSeconds", "must be 0 or more"));
        }
        if (action == RuleAction.FALLBACK && (fallbackVersion == null || fallbackVersion < 1)) {
            violations.add(new Violation("input.fallbackVersion", "is required for FALLBACK: the version (1 or more) "
                    + "to switch to"));
        } else if (action != RuleAction.FALLBACK && fallbackVersion != null) {
            violations.add(new Violation("input.fallbackVersion", "is only taken with the action FALLBACK"));
        }
        if (metric != null && metric.takesTool() && (tool == null || tool.isBlank())) {
            violations.add(new Violation("input.tool", "is required for " + metric.name() + ": the tool's name, "
                    + "e.g. search"));
        } else if (metric != null && !metric.takesTool() && tool != null) {
            violations.add(new Violation("input.tool", "is only taken with the metric TOOL_ERROR_RATE"));
        }
        if (action == RuleAction.DISABLE_TOOL && metric != null && !metric.takesTool()) {
            violations.add(new Violation("input.action", "DISABLE_TOOL needs the metric TOOL_ERROR_RATE: it opens "
                    + "the circuit breaker of that rule's tool"));
        }
        if (minSamples != null && minSamples < 1) {
            violations.add(new Violation("input.minSamples", "must be 1 or more"));
        }
        if (cooldownSeconds != null && cooldownSeconds < 0) {
            violations.add(new Violation("input.cooldownSeconds", "must be 0 or more"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }

    /** The rule text these fields say. */
    String toText() {
        StringBuilder text = new StringBuilder("IF ").append(metric.keyword());
        if (tool != null) {
            text.append('(').append(tool).append(')');
        }
        String number = new java.math.BigDecimal(Double.toString(threshold)).stripTrailingZeros().toPlainString();
        Form shape = form == null ? Form.THRESHOLD : form;
        switch (shape) {
            case DROPS, RISES -> text.append(' ').append(shape.name()).append(' ').append(operator.symbol()).append(' ')
                    .append(number).append('%');
            case BASELINE_MULTIPLE -> text.append(' ').append(operator.symbol()).append(' ').append(number)
                    .append("x BASELINE");
            case THRESHOLD -> text.append(' ').append(operator.symbol()).append(' ').append(number)
                    .append(switch (metric.unit()) {
                        case PERCENT -> "%";
                        case DURATION -> "ms";
                        default -> "";
                    });
        }
        if (forSeconds != null && forSeconds != 0) {
            text.append(" FOR ").append(forSeconds).append('s');
        }
        text.append(" THEN ").append(action.name().toLowerCase(Locale.ROOT));
        if (fallbackVersion != null || action == RuleAction.FALLBACK) {
            text.append(" TO VERSION ").append(fallbackVersion);
        }
        if (severity != null) {
            text.append(" SEVERITY ").append(severity.name().toLowerCase(Locale.ROOT));
        }
        if (minSamples != null) {
            text.append(" MIN_SAMPLES ").append(minSamples);
        }
        if (cooldownSeconds != null) {
            text.append(" COOLDOWN ").append(cooldownSeconds).append('s');
        }
        return text.toString();
    }
}
