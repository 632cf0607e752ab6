package dev.tightrope.judge.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a canary with the stable arm over the same window, metric by metric, with anytime-valid confidence
 * bounds ({@link ConfidenceSequence}), so its verdicts stay right however often it looks.
 *
 * <p>For each metric with tolerance τ (in effect units) and harm h = sign · (canary − stable) (sign +1 where higher
 * is worse), the one-sided width w at α/M (M metrics judged) decides:
 * <pre>
 *   fewer than minSamplesPerArm on either arm  → INSUFFICIENT_DATA
 *   h − w &gt; τ   (the lower bound beyond the tolerance)  → FAIL
 *   h + w &lt; τ   (the upper bound within it)            → PASS
 *   otherwise                                            → INCONCLUSIVE
 * </pre>
 * FAIL and PASS are one-sided claims, each made from its own bound, and each bound misses at some look with
 * probability at most α/M. So the chance of a false FAIL over all looks and metrics is at most α, and so is the
 * chance of a false PASS. The interval reported, [h − w, h + w], is the pair of bounds.
 *
 * <p>Rates at the edge of the tolerance: the variance of the canary's rate is the larger of the observed one,
 * p̃(1 − p̃), and the one it would have if the canary sat exactly on the tolerance, q(1 − q) with q = p_s + sign·τ
 * (a score-type variance, as in Farrington-Manning tests). Without it a canary that happens to see few errors gets
 * a small variance from its own luck, and the bound is too narrow on exactly the side a PASS needs. Example: stable
 * 1.2 % errors, tolerance 1 point, canary 3 errors in 300 (1.0 %): its own p̃(1 − p̃) = 0.0131, but on the edge
 * q = 2.2 % it would be 0.0215, and that is what the PASS bound uses.
 *
 * <p>A sample-ratio mismatch ({@link SampleRatio}) overrides every verdict: the judgement then neither fails nor
 * passes, it holds.
 *
 * <p>Which window: the caller compares the outcomes of the current rollout step only (one weight), never across
 * steps: pooling steps of different weights mixes periods in different proportions on the two arms and can reverse
 * an effect (Simpson's paradox).
 */
public final class Judge {

    private final JudgeSettings settings;

    public Judge(JudgeSettings settings) {
        this.settings = settings;
    }

    /**
     * @param canaryShare the share of requests the canary should get (0 to 1), for the sample-ratio test
     */
    public Judgement compare(ArmWindow stable, ArmWindow canary, double canaryShare,
            Map<Metric, Tolerance> tolerances) {
        double alpha = settings.alpha() / Math.max(1, tolerances.size());
        List<MetricComparison> comparisons = new ArrayList<>();
        tolerances.forEach((metric, tolerance) -> comparisons.add(compare(metric, stable.sample(metric),
                canary.sample(metric), tolerance, alpha)));
        return new Judgement(comparisons, SampleRatio.test(canary.requests(), stable.requests(), canaryShare,
                settings.srmAlpha()));
    }

    private MetricComparison compare(Metric metric, ArmWindow.Sample stable, ArmWindow.Sample canary,
            Tolerance tolerance, double alpha) {
        double effect = canary.mean() - stable.mean();
        double tau = tolerance.inEffectUnits(metric, stable.mean());
        if (stable.n() < settings.minSamplesPerArm() || canary.n() < settings.minSamplesPerArm()) {
            return new MetricComparison(metric, stable, canary, effect, Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY, tau, Verdict.INSUFFICIENT_DATA);
        }
        double variance = canaryVariance(metric, stable, canary, tau) / canary.n() + stable.variance() / stable.n();
        double width = ConfidenceSequence.oneSidedWidth(variance, stable.n() + canary.n(), alpha, settings.tuning());
        double harm = metric.harmSign() * effect;
        Verdict verdict = harm - width > tau ? Verdict.FAIL : harm + width < tau ? Verdict.PASS : Verdict.INCONCLUSIVE;
        return new MetricComparison(metric, stable, canary, effect, effect - width, effect + width, tau, verdict);
    }

    /**
     * The variance of one canary observation for the bounds: for a rate, at least the variance on the tolerance's
     * edge (see the class comment); for a mean, the sample variance.
     */
    public static double canaryVariance(Metric metric, ArmWindow.Sample stable, ArmWindow.Sample canary, double tau) {
        if (!metric.isRate()) {
            return canary.variance();
        }
        double edge = Math.min(1, Math.max(0, stable.mean() + metric.harmSign() * tau));
        return Math.max(canary.variance(), edge * (1 - edge));
    }
}
