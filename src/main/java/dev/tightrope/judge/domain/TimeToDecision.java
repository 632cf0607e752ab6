package dev.tightrope.judge.domain;

import java.time.Duration;

/**
 * How long until a metric can reach a verdict at a given weight, if the arms keep their current means and
 * variances and the traffic keeps its rate: the smallest total sample N at which the width of the judge's one-sided
 * bound ({@link ConfidenceSequence#oneSidedWidth}) is below the distance between the harm and the tolerance (then
 * the bound lies beyond the tolerance, FAIL, or within it, PASS).
 *
 * <p>Example: the seed's traffic (1 000 requests an hour), completion 84 % vs 71 % with a tolerance of 2 points:
 * the distance is 11 points; with variances 0.1344 (stable) and 0.2059 (canary) at α = 0.01/6 and N* = 5 000, a 5 %
 * canary needs 5 329 requests in all (about 266 on the canary): about 5.3 hours; a 25 % canary 1 343 (about 336 on
 * the canary): about 1.3 hours. No estimate (null) when the harm sits on the tolerance (it would take forever).
 */
public final class TimeToDecision {

    private static final long MAX_TOTAL = 100_000_000L;

    private TimeToDecision() {
    }

    /**
     * @param stableVariance variance of one stable observation
     * @param canaryVariance variance of one canary observation
     * @param distance       |harm − tolerance|, in effect units
     * @param share          the canary's share of requests at the weight in question (0 to 1)
     * @param requestsPerSecond all requests of the deployment per second (both arms)
     * @param observed       total requests observed so far in the window
     * @param minPerArm      the judge's minimum sample per arm
     * @return the time from now, or null when it cannot be estimated (no traffic, no distance)
     */
    public static Duration estimate(double stableVariance, double canaryVariance, double distance, double share,
            double requestsPerSecond, long observed, long minPerArm, double alpha, double tuning) {
        if (!(distance > 1e-12) || !(requestsPerSecond > 0) || !(share > 0 && share < 1)) {
            return null;
        }
        long low = Math.max(2, Math.max((long) Math.ceil(minPerArm / share), (long) Math.ceil(minPerArm / (1 - share))));
        if (halfWidth(stableVariance, canaryVariance, share, low, alpha, tuning) > distance) {
            long high = low;
            while (halfWidth(stableVariance, canaryVariance, share, high, alpha, tuning) > distance) {
                if (high > MAX_TOTAL) {
                    return null;
                }
                high *= 2;
            }
            while (high - low > 1) {
                long middle = (low + high) >>> 1;
                if (halfWidth(stableVariance, canaryVariance, share, middle, alpha, tuning) > distance) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            low = high;
        }
        long remaining = Math.max(0, low - observed);
        return Duration.ofSeconds((long) Math.ceil(remaining / requestsPerSecond));
    }

    private static double halfWidth(double stableVariance, double canaryVariance, double share, long total,
            double alpha, double tuning) {
        double variance = canaryVariance / (share * total) + stableVariance / ((1 - share) * total);
        return ConfidenceSequence.oneSidedWidth(variance, total, alpha, tuning);
    }
}
