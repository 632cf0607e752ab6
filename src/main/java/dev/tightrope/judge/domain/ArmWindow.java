package dev.tightrope.judge.domain;

/**
 * What one arm's outcomes add up to over the compared window: the sums the outcome buckets keep. The judge reads
 * nothing else, so any window (one step of a rollout, the last hour) is judged the same way.
 */
public record ArmWindow(long requests, long errors, long completions, long completionReported,
        double logLatencySum, double logLatencySumSquares, double costSum, double costSumSquares, long evalCount,
        double evalSum, double evalSumSquares, long toolCalls, long toolErrors) {

    /** An arm without outcomes. */
    public static final ArmWindow EMPTY = new ArmWindow(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two windows (buckets add up). */
    public ArmWindow plus(ArmWindow other) {
        return new ArmWindow(requests + other.requests, errors + other.errors, completions + other.completions,
                completionReported + other.completionReported, logLatencySum + other.logLatencySum,
                logLatencySumSquares + other.logLatencySumSquares, costSum + other.costSum,
                costSumSquares + other.costSumSquares, evalCount + other.evalCount, evalSum + other.evalSum,
                evalSumSquares + other.evalSumSquares, toolCalls + other.toolCalls, toolErrors + other.toolErrors);
    }

    /** The sample of one metric: its size, mean and variance of one observation. */
    public Sample sample(Metric metric) {
        return switch (metric) {
            case ERROR_RATE -> Sample.proportion(errors, requests);
            case TASK_COMPLETION -> Sample.proportion(completions, completionReported);
            case TOOL_ERROR_RATE -> Sample.proportion(toolErrors, toolCalls);
            case LATENCY -> Sample.mean(requests, logLatencySum, logLatencySumSquares);
            case COST_PER_REQUEST -> Sample.mean(requests, costSum, costSumSquares);
            case EVAL_SCORE -> Sample.mean(evalCount, evalSum, evalSumSquares);
        };
    }

    /**
     * One arm's sample of one metric.
     *
     * @param variance of one observation; for a proportion x/n it is p̃(1 − p̃) with p̃ = (x + 1)/(n + 2), so that
     *                 no rate of 0 or 1 claims to be known exactly (0 errors in 150 requests is not certainty)
     */
    public record Sample(long n, double mean, double variance) {

        static Sample proportion(long successes, long n) {
            double mean = n == 0 ? 0 : (double) successes / n;
            double smoothed = (successes + 1.0) / (n + 2.0);
            return new Sample(n, mean, smoothed * (1 - smoothed));
        }

        static Sample mean(long n, double sum, double sumSquares) {
            if (n == 0) {
                return new Sample(0, 0, 0);
            }
            double mean = sum / n;
            double variance = n < 2 ? 0 : Math.max(0, (sumSquares - sum * sum / n) / (n - 1));
            return new Sample(n, mean, variance);
        }
    }
}
