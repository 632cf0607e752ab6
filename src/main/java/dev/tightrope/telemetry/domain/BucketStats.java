package dev.tightrope.telemetry.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one bucket knows of its requests: counts, and sums and sums of squares from which the judge takes means and
 * variances (for latency also of its logarithm), a latency histogram for percentiles, and per-tool calls and errors.
 * Everything here adds up: the stats of two sets of requests are the sum of their stats ({@link #add}), so buckets
 * written by several instances, or a window of buckets, merge without loss.
 *
 * <p>Worked example: latencies 100 and 300 ms give {@code latencySum} 400, {@code latencySumSquares} 100 000, so the
 * mean is 400 / 2 = 200 ms and the variance (100 000 − 400² / 2) / (2 − 1) = 20 000 ms².
 *
 * <p>Mutable, for aggregation inside one thread; not thread-safe.
 */
public final class BucketStats {

    long requests;
    long errors;
    long completions;
    long completionReported;
    double latencySum;
    double latencySumSquares;
    double logLatencySum;
    double logLatencySumSquares;
    double costSum;
    double costSumSquares;
    double tokensSum;
    double tokensSumSquares;
    long evalCount;
    double evalSum;
    double evalSumSquares;
    final LatencyHistogram latency;
    final Map<String, ToolStats> tools = new TreeMap<>();

    public BucketStats() {
        this(new LatencyHistogram());
    }

    BucketStats(LatencyHistogram latency) {
        this.latency = latency;
    }

    /** Counts one outcome. */
    public void record(Outcome outcome) {
        requests++;
        if (outcome.status() == OutcomeStatus.ERROR) {
            errors++;
        }
        if (outcome.taskCompleted() != null) {
            completionReported++;
            if (outcome.taskCompleted()) {
                completions++;
            }
        }
        double latencyMs = outcome.latencyMs();
        latencySum += latencyMs;
        latencySumSquares += latencyMs * latencyMs;
        double log = Math.log1p(latencyMs);
        logLatencySum += log;
        logLatencySumSquares += log * log;
        costSum += outcome.costUsd();
        costSumSquares += outcome.costUsd() * outcome.costUsd();
        double tokens = outcome.tokens();
        tokensSum += tokens;
        tokensSumSquares += tokens * tokens;
        if (outcome.evalScore() != null) {
            evalCount++;
            evalSum += outcome.evalScore();
            evalSumSquares += outcome.evalScore() * outcome.evalScore();
        }
        latency.record(latencyMs);
        for (ToolCall call : outcome.toolCalls()) {
            tools.computeIfAbsent(call.tool(), name -> new ToolStats()).record(call);
        }
    }

    /** Adds the other stats to these. */
    public void add(BucketStats other) {
        requests += other.requests;
        errors += other.errors;
        completions += other.completions;
        completionReported += other.completionReported;
        latencySum += other.latencySum;
        latencySumSquares += other.latencySumSquares;
        logLatencySum += other.logLatencySum;
        logLatencySumSquares += other.logLatencySumSquares;
        costSum += other.costSum;
        costSumSquares += other.costSumSquares;
        tokensSum += other.tokensSum;
        tokensSumSquares += other.tokensSumSquares;
        evalCount += other.evalCount;
        evalSum += other.evalSum;
        evalSumSquares += other.evalSumSquares;
        latency.add(other.latency);
        other.tools.forEach((name, stats) -> tools.computeIfAbsent(name, n -> new ToolStats()).add(stats));
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    public long completions() {
        return completions;
    }

    public long completionReported() {
        return completionReported;
    }

    public double latencySum() {
        return latencySum;
    }

    public double latencySumSquares() {
        return latencySumSquares;
    }

    public double logLatencySum() {
        return logLatencySum;
    }

    public double logLatencySumSquares() {
        return logLatencySumSquares;
    }

    public double costSum() {
        return costSum;
    }

    public double costSumSquares() {
        return costSumSquares;
    }

    public double tokensSum() {
        return tokensSum;
    }

    public double tokensSumSquares() {
        return tokensSumSquares;
    }

    public long evalCount() {
        return evalCount;
    }

    public double evalSum() {
        return evalSum;
    }

    public double evalSumSquares() {
        return evalSumSquares;
    }

    public LatencyHistogram latency() {
        return latency;
    }

    /** Per tool, by name. */
    public Map<String, ToolStats> tools() {
        return tools;
    }

    /** Stats read back from storage. */
    public static BucketStats of(long[] counts, double[] sums, LatencyHistogram latency, Map<String, ToolStats> tools) {
        BucketStats stats = new BucketStats(latency);
        stats.requests = counts[0];
        stats.errors = counts[1];
        stats.completions = counts[2];
        stats.completionReported = counts[3];
        stats.evalCount = counts[4];
        stats.latencySum = sums[0];
        stats.latencySumSquares = sums[1];
        stats.logLatencySum = sums[2];
        stats.logLatencySumSquares = sums[3];
        stats.costSum = sums[4];
        stats.costSumSquares = sums[5];
        stats.tokensSum = sums[6];
        stats.tokensSumSquares = sums[7];
        stats.evalSum = sums[8];
        stats.evalSumSquares = sums[9];
        stats.tools.putAll(tools);
        return stats;
    }

    /** Calls and errors of one tool in one bucket. */
    public static final class ToolStats {
        long calls;
        long errors;
        double latencySum;

        public ToolStats() {
        }

        public ToolStats(long calls, long errors, double latencySum) {
            this.calls = calls;
            this.errors = errors;
            this.latencySum = latencySum;
        }

        void record(ToolCall call) {
            calls++;
            if (call.status() == OutcomeStatus.ERROR) {
                errors++;
            }
            latencySum += call.latencyMs();
        }

        void add(ToolStats other) {
            calls += other.calls;
            errors += other.errors;
            latencySum += other.latencySum;
        }

        public long calls() {
            return calls;
        }

        public long errors() {
            return errors;
        }

        public double latencySum() {
            return latencySum;
        }
    }
}
