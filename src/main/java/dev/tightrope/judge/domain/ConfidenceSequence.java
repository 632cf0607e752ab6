package dev.tightrope.judge.domain;

/**
 * Anytime-valid confidence bounds for a difference of two means: the asymptotic confidence sequences of
 * Waudby-Smith, Arnold, Wu, Howard and Ramdas (2023), in the normal-mixture form GrowthBook uses, with its one-sided
 * variant. Unlike a fixed-sample interval they hold at every look at once: the chance that the true difference ever
 * crosses the bound, however often and however long the judge looks, is at most α. That is what lets the judge
 * look every few seconds.
 *
 * <p>With N observations in all (both arms), an estimated variance v of the difference of the means (v = s²_c/n_c +
 * s²_s/n_s), σ̂² = v·N, and the tuning constant N*:
 * <pre>
 *   ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*)
 *   two-sided half-width  w₂ = σ̂ · √( 2(Nρ² + 1) / (N²ρ²) · ln(√(Nρ² + 1) / α) )
 *   one-sided width       w₁ = σ̂ · √( 2(Nρ² + 1) / (N²ρ²) · ln(√(Nρ² + 1) / (2α) + 1) )
 * </pre>
 * {@code [d − w₂, d + w₂]} covers the difference at every look with probability 1 − α. {@code d − w₁} alone is a
 * lower bound that holds at every look with probability 1 − α (and {@code d + w₁} an upper bound): it comes from the
 * normal mixture over effects of one sign only (Howard, Ramdas, McAuliffe and Sekhon 2021, the one-sided normal
 * mixture boundary), carried over to estimated variances by the same strong approximation that makes the two-sided
 * sequence asymptotically valid. A one-sided claim ("worse by more than τ") needs only one bound, so the judge uses
 * w₁, which is about 4 % narrower than w₂ at the same α. The sequences are tightest around N = N*; far from it they
 * are a little wider than they could be, never invalid.
 *
 * <p>Worked example (α = 0.01/6 ≈ 0.001667, N* = 5 000): a canary with 25 errors in 300 requests (8.3 %) against a
 * stable arm with 68 in 5 700 (1.2 %). The variances, with p̃ = (x + 1)/(n + 2), are 0.0787 and 0.0120, so
 * v = 0.0787/300 + 0.0120/5 700 = 0.000264, N = 6 000, σ̂ = √(0.000264 · 6 000) = 1.259; ρ = √((12.79 + 2.62)/5 000)
 * = 0.0555, Nρ² = 18.5, and w₁ = 1.259 · √(2 · 19.5 / (6 000² · 0.0555²) · ln(√19.5 / 0.003333 + 1)) = 1.259 ·
 * √(0.000351 · 7.19) = 0.0633 (the two-sided w₂, with ln(√19.5 / 0.001667) = 7.88, is 0.0663). The harm is
 * 0.0714, so the lower bound is 0.0714 − 0.0633 = 0.0081: above 0, so with a tolerance of 0 the canary fails; with
 * a tolerance of 0.01 it is not yet shown worse by more than a point (inconclusive). For comparison, a fixed-sample
 * one-sided 95 % bound would be 0.0714 − 1.645 · √v = 0.0447.
 */
public final class ConfidenceSequence {

    private ConfidenceSequence() {
    }

    /**
     * The distance of a one-sided bound from the estimate: the lower bound is d − w₁, the upper bound d + w₁, each
     * holding at every look with probability 1 − α.
     *
     * @param variance the estimated variance of the difference of the means (not of one observation)
     * @param total    observations on both arms together (N)
     * @param alpha    the error probability over all looks, for this bound
     * @param tuning   N*, the total sample size at which the sequence is tightest
     */
    public static double oneSidedWidth(double variance, long total, double alpha, double tuning) {
        return width(variance, total, alpha, tuning, true);
    }

    /**
     * The half-width of the two-sided interval [d − w₂, d + w₂], which covers the difference at every look with
     * probability 1 − α. Arguments as for {@link #oneSidedWidth}.
     */
    public static double halfWidth(double variance, long total, double alpha, double tuning) {
        return width(variance, total, alpha, tuning, false);
    }

    private static double width(double variance, long total, double alpha, double tuning, boolean oneSided) {
        if (total <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double n = total;
        double rhoSquared = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning;
        double nRho = n * rhoSquared;
        double logTerm = oneSided ? Math.log(Math.sqrt(nRho + 1) / (2 * alpha) + 1)
                : Math.log(Math.sqrt(nRho + 1) / alpha);
        return Math.sqrt(variance * n) * Math.sqrt(2 * (nRho + 1) / (n * n * rhoSquared) * logTerm);
    }
}
