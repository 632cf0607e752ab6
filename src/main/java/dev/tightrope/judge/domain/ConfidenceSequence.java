package dev.tightrope.judge.domain;

/**
 * An anytime-valid confidence sequence for a difference of two means: the asymptotic confidence sequence of
 * Waudby-Smith, Arnold, Wu, Howard and Ramdas (2023), in the form GrowthBook uses. Unlike a fixed-sample interval it
 * holds at every look at once: the chance that the true difference ever leaves the interval, however often and
 * however long the judge looks, is at most α. That is what lets the judge look every few seconds.
 *
 * <p>With N observations in all (both arms), an estimated variance v of the difference of the means (v = s²_c/n_c +
 * s²_s/n_s), σ̂² = v·N, and the tuning constant N*, the half-width is
 * <pre>
 *   ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*)
 *   w = σ̂ · √( 2(Nρ² + 1) / (N²ρ²) · ln(√(Nρ² + 1) / α) )
 * </pre>
 * The sequence is tightest around N = N*; far from it, it is a little wider than it could be, never invalid.
 *
 * <p>Worked example (α = 0.01/6 ≈ 0.001667, N* = 5 000): a canary with 25 errors in 300 requests (8.3 %) against a
 * stable arm with 68 in 5 700 (1.2 %). The variances, with p̃ = (x + 1)/(n + 2), are 0.0787 and 0.0120, so
 * v = 0.0787/300 + 0.0120/5 700 = 0.000264, N = 6 000, σ̂ = √(0.000264 · 6 000) = 1.259; ρ = √((12.79 + 2.62)/5 000)
 * = 0.0555, Nρ² = 18.5, and w = 1.259 · √(2 · 19.5 / (6 000² · 0.0555²) · ln(√19.5 / 0.001667)) = 1.259 ·
 * √(0.000351 · 7.88) = 0.0663. The difference is 0.0714 ± 0.0663: its lower end, 0.0051, is above 0, so with a
 * tolerance of 0 the canary fails; with a tolerance of 0.02 it is not yet shown worse by more than two points
 * (inconclusive). For comparison, a fixed-sample 95 % interval would be ± 1.96 · √v = ± 0.0319.
 */
public final class ConfidenceSequence {

    private ConfidenceSequence() {
    }

    /**
     * The half-width of the sequence's interval for the difference.
     *
     * @param variance the estimated variance of the difference of the means (not of one observation)
     * @param total    observations on both arms together (N)
     * @param alpha    the error probability over all looks, for this interval
     * @param tuning   N*, the total sample size at which the sequence is tightest
     */
    public static double halfWidth(double variance, long total, double alpha, double tuning) {
        if (total <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double n = total;
        double rhoSquared = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning;
        double sigmaSquared = variance * n;
        double nRho = n * rhoSquared;
        return Math.sqrt(sigmaSquared) * Math.sqrt(2 * (nRho + 1) / (n * n * rhoSquared)
                * Math.log(Math.sqrt(nRho + 1) / alpha));
    }
}
