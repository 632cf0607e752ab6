package dev.tightrope.judge.domain;

import org.eclipse.microprofile.graphql.Description;

/**
 * What the judge compares between the canary and the stable arm, each with the direction in which it gets worse and
 * how its effect is measured.
 *
 * <ul>
 * <li>Rates ({@link #ERROR_RATE}, {@link #TASK_COMPLETION}, {@link #TOOL_ERROR_RATE}): the difference of two
 * proportions, in absolute terms (0.072 is 7.2 percentage points).</li>
 * <li>{@link #LATENCY}: the difference of the means of ln(1 + latency in ms), about the relative change of the
 * typical (geometric mean) latency: +0.095 is about +10 %. Logarithms tame latency's long tail, which would
 * otherwise dominate a mean.</li>
 * <li>{@link #COST_PER_REQUEST}, {@link #EVAL_SCORE}: the difference of the means.</li>
 * </ul>
 */
@Description("What the judge compares between the canary and the stable arm.")
public enum Metric {
    @Description("Share of requests with status ERROR; higher is worse. Effects are absolute (0.01 is a point).")
    ERROR_RATE(true, true),
    @Description("Share of requests whose task was completed; lower is worse.")
    TASK_COMPLETION(false, true),
    @Description("Mean of ln(1 + latency in ms), about the relative change of typical latency (+0.095 is about +10 "
            + "%); higher is worse.")
    LATENCY(true, false),
    @Description("Mean cost per request in US dollars; higher is worse.")
    COST_PER_REQUEST(true, false),
    @Description("Share of tool calls that failed; higher is worse.")
    TOOL_ERROR_RATE(true, true),
    @Description("Mean quality score (0 to 1) of the requests that have one; lower is worse.")
    EVAL_SCORE(false, false);

    private final boolean higherIsWorse;
    private final boolean rate;

    Metric(boolean higherIsWorse, boolean rate) {
        this.higherIsWorse = higherIsWorse;
        this.rate = rate;
    }

    /** Whether the metric is a proportion (its observations are 0 or 1). */
    public boolean isRate() {
        return rate;
    }

    /** +1 when a higher value is worse (errors, latency, cost), −1 when a lower one is (completion, eval score). */
    public int harmSign() {
        return higherIsWorse ? 1 : -1;
    }
}
