package dev.tightrope.judge.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;

import dev.tightrope.judge.domain.ArmWindow;

/**
 * One arm's running sums over the window, as the outcome buckets keep them, plus the ln(1 + latency) values of the
 * latest look (for the per-interval Mann-Whitney test).
 *
 * <p>Counts are drawn per look (binomial, Poisson: exact), the continuous outcomes per request (the sums of
 * ln(1 + latency) and of their squares have no closed form to draw from).
 */
final class ArmAccumulator {

    long requests;
    long errors;
    long completions;
    long completionReported;
    double logLatencySum;
    double logLatencySumSquares;
    double costSum;
    double costSumSquares;
    long evalCount;
    double evalSum;
    double evalSumSquares;
    long toolCalls;
    long toolErrors;

    /** ln(1 + latency) of the requests of the latest look, the first {@link #lookLatencyCount} of them. */
    double[] lookLatencies = new double[256];
    int lookLatencyCount;

    /** Adds the outcomes of n requests of one look. */
    void add(SplittableRandom random, long n, SimulationParameters.ArmParameters arm, SimulationParameters common) {
        requests += n;
        errors += Sampling.binomial(random, n, arm.error());
        long reported = Sampling.binomial(random, n, common.completionReported);
        completionReported += reported;
        completions += Sampling.binomial(random, reported, arm.completion());

        if (n > lookLatencies.length) {
            lookLatencies = Arrays.copyOf(lookLatencies, (int) Math.max(n, 2L * lookLatencies.length));
        }
        lookLatencyCount = (int) n;
        double logMedian = Math.log(arm.latencyMedianMs());
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double value = Sampling.logOnePlusLogNormal(random, logMedian, common.latencySigma);
            lookLatencies[i] = value;
            sum += value;
            squares += value * value;
        }
        logLatencySum += sum;
        logLatencySumSquares += squares;

        double logCostMedian = Math.log(arm.costMedian());
        sum = 0;
        squares = 0;
        for (int i = 0; i < n; i++) {
            double cost = Math.exp(logCostMedian + common.costSigma * random.nextGaussian());
            sum += cost;
            squares += cost * cost;
        }
        costSum += sum;
        costSumSquares += squares;

        long calls = Sampling.poisson(random, n * common.toolCalls);
        toolCalls += calls;
        toolErrors += Sampling.binomial(random, calls, arm.toolError());

        long evals = Sampling.binomial(random, n, common.evalShare);
        evalCount += evals;
        sum = 0;
        squares = 0;
        for (long i = 0; i < evals; i++) {
            double score = Math.min(1, Math.max(0, arm.evalMean() + common.evalSd * random.nextGaussian()));
            sum += score;
            squares += score * score;
        }
        evalSum += sum;
        evalSumSquares += squares;
    }

    ArmWindow window() {
        return new ArmWindow(requests, errors, completions, completionReported, logLatencySum, logLatencySumSquares,
                costSum, costSumSquares, evalCount, evalSum, evalSumSquares, toolCalls, toolErrors);
    }
}
