package dev.tightrope.rules.domain;

import java.util.Locale;

import org.eclipse.microprofile.graphql.Description;

/**
 * What a trigger rule can watch, with the unit its threshold is written in.
 *
 * <ul>
 * <li>{@link Unit#PERCENT}: a rate, written with {@code %} (0 to 100): {@code error_rate > 15%}.</li>
 * <li>{@link Unit#DURATION}: a latency, written with {@code ms} or {@code s}: {@code p95_latency > 4s}.</li>
 * <li>{@link Unit#USD}: dollars, a plain number: {@code cost_per_request > 0.05}.</li>
 * <li>{@link Unit#COUNT}: a plain number: {@code tokens_per_request > 8000}.</li>
 * <li>{@link Unit#SCORE}: 0 to 1: {@code eval_score < 0.7}.</li>
 * <li>{@link Unit#PER_SECOND}: requests per second, a plain number or with {@code /s}, {@code /m}, {@code /h}:
 * {@code request_rate < 10/m}.</li>
 * </ul>
 */
@Description("What a trigger rule can watch.")
public enum RuleMetric {
    @Description("Share of requests with status ERROR (percent).")
    ERROR_RATE(Unit.PERCENT),
    @Description("Share of requests that completed their task, of those that reported it (percent).")
    TASK_COMPLETION_RATE(Unit.PERCENT),
    @Description("Median latency (ms or s).")
    P50_LATENCY(Unit.DURATION),
    @Description("95th percentile latency (ms or s).")
    P95_LATENCY(Unit.DURATION),
    @Description("99th percentile latency (ms or s).")
    P99_LATENCY(Unit.DURATION),
    @Description("Mean cost of a request (USD).")
    COST_PER_REQUEST(Unit.USD),
    @Description("Mean input + output tokens of a request.")
    TOKENS_PER_REQUEST(Unit.COUNT),
    @Description("Share of one tool's calls that failed (percent): tool_error_rate(tool).")
    TOOL_ERROR_RATE(Unit.PERCENT),
    @Description("Mean eval score (0 to 1).")
    EVAL_SCORE(Unit.SCORE),
    @Description("Requests per second over the last minute.")
    REQUEST_RATE(Unit.PER_SECOND);

    /** How a metric's threshold is written, and what its value means. */
    public enum Unit { PERCENT, DURATION, USD, COUNT, SCORE, PER_SECOND }

    private final Unit unit;

    RuleMetric(Unit unit) {
        this.unit = unit;
    }

    public Unit unit() {
        return unit;
    }

    /** The name in rule text: {@code error_rate}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the metric takes a tool: {@code tool_error_rate(search)}. */
    public boolean takesTool() {
        return this == TOOL_ERROR_RATE;
    }

    /** The metric of a name in rule text (any case), or null. */
    public static RuleMetric of(String keyword) {
        for (RuleMetric metric : values()) {
            if (metric.keyword().equalsIgnoreCase(keyword)) {
                return metric;
            }
        }
        return null;
    }
}
