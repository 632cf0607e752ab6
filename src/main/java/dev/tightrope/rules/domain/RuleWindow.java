package dev.tightrope.rules.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tightrope.telemetry.domain.BucketStats;

/**
 * The window a rule reads at one evaluation: the newest buckets that together hold at least the rule's
 * {@code minSamples} (counted as the metric counts them: requests, completions reported, tool calls, scored
 * requests), from the bucket now filling back to at most the longest window. At high traffic that is the last
 * bucket or two, so a change is seen within seconds and {@code FOR} alone decides how long it must last; at low
 * traffic the window grows until it has enough to say anything. {@code request_rate} always reads the last minute.
 *
 * <p>Example, {@code MIN_SAMPLES 20}, buckets of 10 s newest first holding 8, 9, 30 requests: the window is the
 * three of them (47 requests), starting at the third one's start.
 */
public final class RuleWindow {

    /** The request-rate window. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    /** A bucket and when it starts. */
    public record Slice(Instant start, BucketStats stats) {
    }

    private RuleWindow() {
    }

    /**
     * What the rule sees in these buckets (newest first) at {@code now}.
     *
     * @param baseline the baseline's value for relative conditions (NaN: none)
     */
    public static Observation observe(Rule rule, List<Slice> newestFirst, Instant now, double baseline) {
        BucketStats merged = new BucketStats();
        Instant start = now;
        for (Slice slice : newestFirst) {
            if (rule.metric() == RuleMetric.REQUEST_RATE && slice.start().isBefore(now.minus(RATE_WINDOW))) {
                break;
            }
            merged.add(slice.stats());
            start = slice.start();
            if (rule.metric() != RuleMetric.REQUEST_RATE && samples(rule, merged) >= rule.minSamples()) {
                break;
            }
        }
        if (rule.metric() == RuleMetric.REQUEST_RATE) {
            double seconds = RATE_WINDOW.toSeconds();
            // the requests of the last minute are its samples; however few, they are the rate (RuleEvaluation)
            return new Observation(merged.requests() / seconds, merged.requests(), baseline, RATE_WINDOW);
        }
        Duration window = Duration.between(start, now);
        double seconds = Math.max(1, window.toMillis() / 1000.0);
        return new Observation(value(rule.metric(), rule.tool(), merged, seconds), samples(rule, merged), baseline,
                window.isNegative() ? Duration.ZERO : window);
    }

    /** The samples of the rule's metric in these stats. */
    public static long samples(Rule rule, BucketStats stats) {
        return switch (rule.metric()) {
            case TASK_COMPLETION_RATE -> stats.completionReported();
            case TOOL_ERROR_RATE -> {
                BucketStats.ToolStats tool = stats.tools().get(rule.tool());
                yield tool == null ? 0 : tool.calls();
            }
            case EVAL_SCORE -> stats.evalCount();
            default -> stats.requests();
        };
    }

    /** The metric's value in these stats, in its base unit; NaN when there is nothing to measure. */
    public static double value(RuleMetric metric, String tool, BucketStats stats, double seconds) {
        return switch (metric) {
            case ERROR_RATE -> ratio(stats.errors(), stats.requests());
            case TASK_COMPLETION_RATE -> ratio(stats.completions(), stats.completionReported());
            case P50_LATENCY -> percentile(stats, 50);
            case P95_LATENCY -> percentile(stats, 95);
            case P99_LATENCY -> percentile(stats, 99);
            case COST_PER_REQUEST -> ratio(stats.costSum(), stats.requests());
            case TOKENS_PER_REQUEST -> ratio(stats.tokensSum(), stats.requests());
            case TOOL_ERROR_RATE -> {
                BucketStats.ToolStats calls = stats.tools().get(tool);
                yield calls == null ? Double.NaN : ratio(calls.errors(), calls.calls());
            }
            case EVAL_SCORE -> ratio(stats.evalSum(), stats.evalCount());
            case REQUEST_RATE -> stats.requests() / seconds;
        };
    }

    private static double percentile(BucketStats stats, double p) {
        return stats.latency().count() == 0 ? Double.NaN : stats.latency().percentile(p);
    }

    private static double ratio(double part, double whole) {
        return whole > 0 ? part / whole : Double.NaN;
    }
}
