package dev.tightrope.judge.domain;

import org.apache.commons.math3.special.Gamma;

/**
 * A sequential sample-ratio-mismatch test: do the arms' request counts fit the configured canary weight? When they
 * do not, outcomes are lost or misattributed on one side (reporting or bucketing is broken), and no comparison of
 * the arms can be trusted.
 *
 * <p>Method: a Beta-binomial mixture likelihood ratio (Lindon and Malek, 2022, for two arms). With canary share θ
 * expected, c canary and s stable requests, and a Beta(kθ, k(1 − θ)) mixture over the share,
 * <pre>
 *   M = B(c + kθ, s + k(1 − θ)) / B(kθ, k(1 − θ)) / (θ^c (1 − θ)^s)
 * </pre>
 * is a martingale under the null (the share is θ), so by Ville's inequality it ever reaches 1/α with probability at
 * most α however often it is checked: a mismatch is declared when M ≥ 1/α. Example: θ = 0.05, k = 100, 60 canary and
 * 540 stable (10 % instead of 5 %) gives ln M ≈ 9.6 > ln 1 000 ≈ 6.9, a mismatch at α = 0.001; 32 and 568 (5.3 %)
 * gives ln M ≈ −1.0, no mismatch.
 */
public final class SampleRatio {

    /** The concentration k of the mixture: how far from θ it looks; 100 suits shares from 1 % to 50 %. */
    static final double CONCENTRATION = 100;

    private SampleRatio() {
    }

    /**
     * The test's result.
     *
     * @param observedShare canary requests / all requests
     * @param logEvidence   ln M; a mismatch when it reaches ln(1/α)
     */
    public record Result(double expectedShare, double observedShare, double logEvidence, boolean mismatch) {
    }

    public static Result test(long canary, long stable, double expectedShare, double alpha) {
        long total = canary + stable;
        double observed = total == 0 ? 0 : (double) canary / total;
        if (expectedShare <= 0 || expectedShare >= 1 || total == 0) {
            return new Result(expectedShare, observed, 0, false);
        }
        double a = CONCENTRATION * expectedShare;
        double b = CONCENTRATION * (1 - expectedShare);
        double logMixture = logBeta(canary + a, stable + b) - logBeta(a, b);
        double logNull = canary * Math.log(expectedShare) + stable * Math.log(1 - expectedShare);
        double evidence = logMixture - logNull;
        return new Result(expectedShare, observed, evidence, evidence >= Math.log(1 / alpha));
    }

    private static double logBeta(double a, double b) {
        return Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
    }
}
