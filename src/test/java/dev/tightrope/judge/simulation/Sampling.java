package dev.tightrope.judge.simulation;

import java.util.SplittableRandom;

/**
 * Exact samplers for the counts of one look: Poisson and binomial by inversion, in chunks small enough that the
 * inversion never underflows and costs O(mean) steps. A Poisson(λ) is the sum of Poissons whose means add up to λ, and
 * a Binomial(n, p) the sum of binomials whose sizes add up to n, so chunking changes no distribution.
 */
final class Sampling {

    /** The largest mean of one inversion step: e^−20 is far from underflow, and 20 steps are cheap. */
    private static final double CHUNK_MEAN = 20;

    private Sampling() {
    }

    static long poisson(SplittableRandom random, double mean) {
        if (!(mean >= 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("a Poisson mean is finite and ≥ 0, not " + mean);
        }
        long total = 0;
        double left = mean;
        while (left > 0) {
            double chunk = Math.min(left, CHUNK_MEAN);
            total += poissonByInversion(random, chunk);
            left -= chunk;
        }
        return total;
    }

    private static int poissonByInversion(SplittableRandom random, double mean) {
        double u = random.nextDouble();
        double p = Math.exp(-mean);
        double cdf = p;
        int k = 0;
        // the bound only guards against the cdf's rounding short of 1; P(k > mean + 60) is below 1e-20 here
        while (u >= cdf && k < mean + 60) {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }

    static long binomial(SplittableRandom random, long n, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a binomial needs n ≥ 0 and p in [0, 1], not " + n + ", " + p);
        }
        if (n == 0 || p == 0) {
            return 0;
        }
        if (p == 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(random, n, 1 - p);
        }
        // chunks with n·p ≤ 20 and q^n ≥ e^−40 (no underflow of the first term)
        long chunk = (long) Math.max(1, Math.min(CHUNK_MEAN / p, 40 / -Math.log1p(-p)));
        long total = 0;
        for (long left = n; left > 0; left -= chunk) {
            total += binomialByInversion(random, Math.min(left, chunk), p);
        }
        return total;
    }

    private static long binomialByInversion(SplittableRandom random, long n, double p) {
        double q = 1 - p;
        double ratio = p / q;
        double u = random.nextDouble();
        double pk = Math.pow(q, n);
        double cdf = pk;
        long k = 0;
        while (u >= cdf && k < n) {
            pk *= ratio * (n - k) / (k + 1);
            k++;
            cdf += pk;
        }
        return k;
    }

    /** ln(1 + L) for a log-normal L with ln L = logMedian + sigma · Z. */
    static double logOnePlusLogNormal(SplittableRandom random, double logMedian, double sigma) {
        double logL = logMedian + sigma * random.nextGaussian();
        // ln(1 + e^x) without overflow: x + ln(1 + e^−x) for x > 0
        return logL > 0 ? logL + Math.log1p(Math.exp(-logL)) : Math.log1p(Math.exp(logL));
    }
}
