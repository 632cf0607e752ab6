package dev.tightrope.judge.simulation;

import java.util.Arrays;

/**
 * The two fixed-sample tests a team would use without a sequential method, each repeated at every look without any
 * correction for looking again. They are here to be compared with the judge on the same simulated runs.
 */
final class NaiveTests {

    private NaiveTests() {
    }

    /**
     * The one-sided two-proportion z statistic of harm beyond the tolerance: (h − τ) / SE with h = sign · (p_c − p_s).
     * With τ = 0 the textbook test (pooled SE, under p_c = p_s); with τ &gt; 0 the non-inferiority form (unpooled SE).
     * A zero SE gives ±∞ when h ≠ τ, else 0.
     */
    static double proportionZ(long stableSuccesses, long stableN, long canarySuccesses, long canaryN, int harmSign,
            double tolerance) {
        double ps = (double) stableSuccesses / stableN;
        double pc = (double) canarySuccesses / canaryN;
        double excess = harmSign * (pc - ps) - tolerance;
        double se;
        if (tolerance == 0) {
            double pooled = (double) (stableSuccesses + canarySuccesses) / (stableN + canaryN);
            se = Math.sqrt(pooled * (1 - pooled) * (1.0 / canaryN + 1.0 / stableN));
        } else {
            se = Math.sqrt(pc * (1 - pc) / canaryN + ps * (1 - ps) / stableN);
        }
        if (se == 0) {
            return excess == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, excess);
        }
        return excess / se;
    }

    /**
     * The Mann-Whitney U z statistic of the canary against the stable arm, in its normal approximation (as commons-math
     * uses it), positive when the canary's values are higher. The canary's values are first shifted down by
     * {@code shift} (is the canary higher by more than that?). Ties count one half; with continuous data there are
     * none, so the variance has no tie correction. {@code stable} must be sorted.
     */
    static double mannWhitneyZ(double[] canary, int canaryN, double[] sortedStable, int stableN, double shift) {
        double u = 0;
        for (int i = 0; i < canaryN; i++) {
            double x = canary[i] - shift;
            int below = lowerBound(sortedStable, stableN, x);
            int notAbove = upperBound(sortedStable, stableN, x);
            u += below + 0.5 * (notAbove - below);
        }
        double mean = (double) canaryN * stableN / 2;
        double variance = (double) canaryN * stableN * (canaryN + stableN + 1) / 12;
        return (u - mean) / Math.sqrt(variance);
    }

    /**
     * The Hodges-Lehmann estimate of the shift of the canary against the stable arm: the median of all differences
     * canary − stable (the lower middle one of an even number), found by bisection on the value with counts over the
     * sorted stable arm, so without forming the n_c · n_s differences.
     */
    static double hodgesLehmann(double[] canary, int canaryN, double[] sortedStable, int stableN) {
        long pairs = (long) canaryN * stableN;
        long rank = (pairs + 1) / 2; // the rank-th smallest difference
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < canaryN; i++) {
            lo = Math.min(lo, canary[i] - sortedStable[stableN - 1]);
            hi = Math.max(hi, canary[i] - sortedStable[0]);
        }
        // the rank-th smallest stays in [lo, hi]: at least rank differences are ≤ hi, and lo only rises past values
        // with fewer than rank at or below them
        for (int iteration = 0; iteration < 100 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); iteration++) {
            double mid = 0.5 * (lo + hi);
            long notAbove = 0;
            for (int i = 0; i < canaryN; i++) {
                // differences canary[i] − s ≤ mid  ⇔  s ≥ canary[i] − mid
                notAbove += stableN - lowerBound(sortedStable, stableN, canary[i] - mid);
            }
            if (notAbove >= rank) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * Kayenta's Mann-Whitney classification of one analysis interval as "High" (worse, for a metric where higher is
     * worse), on the raw values: the two-sided confidence interval (at {@code zCritical}) of the Hodges-Lehmann shift
     * lies wholly above the band ±0.25 · |estimate|, and the ratio of the means canary / stable is at least
     * {@code allowedIncrease} (Kayenta's effect-size threshold; 1.0 by default). The interval's lower end is above a
     * value c exactly when the test of canary − c against stable is significant (the test's duality), so no interval
     * is computed. Sorts {@code stable} in place.
     */
    static boolean kayentaHigh(double[] canary, int canaryN, double[] stable, int stableN, double zCritical,
            double allowedIncrease) {
        Arrays.sort(stable, 0, stableN);
        if (mannWhitneyZ(canary, canaryN, stable, stableN, 0) <= zCritical) {
            return false; // not even significantly above 0 (the band is ≥ 0)
        }
        double band = 0.25 * Math.abs(hodgesLehmann(canary, canaryN, stable, stableN));
        if (mannWhitneyZ(canary, canaryN, stable, stableN, band) <= zCritical) {
            return false;
        }
        double canaryMean = 0;
        for (int i = 0; i < canaryN; i++) {
            canaryMean += canary[i];
        }
        double stableMean = 0;
        for (int i = 0; i < stableN; i++) {
            stableMean += stable[i];
        }
        return (canaryMean / canaryN) / (stableMean / stableN) >= allowedIncrease;
    }

    /** The number of values of sorted[0..n) below x. */
    private static int lowerBound(double[] sorted, int n, double x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The number of values of sorted[0..n) at or below x. */
    private static int upperBound(double[] sorted, int n, double x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
