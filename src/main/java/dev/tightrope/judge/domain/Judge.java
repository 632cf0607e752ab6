package dev.tightrope.judge.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a canary with the stable arm over the same window, metric by metric, with anytime-valid confidence
 * sequences ({@link ConfidenceSequence}), so its verdicts stay right however often it looks.
 *
 * <p>For each metric with tolerance τ (in effect units) and harm h = sign · (canary − stable) (sign +1 where higher
 * is worse), the interval [h − w, h + w] at α/M (M metrics judged) decides:
 * <pre>
 *   fewer than minSamplesPerArm on either arm  → INSUFFICIENT_DATA
 *   h − w &gt; τ   (all of it beyond the tolerance)  → FAIL
 *   h + w &lt; τ   (none of it beyond the tolerance) → PASS
 *   otherwise                                      → INCONCLUSIVE
 * </pre>
 * Each one-sided decision uses a two-sided sequence at α/M, which is conservative: the chance of a false FAIL over
 * all looks and metrics is at most α. A sample-ratio mismatch ({@link SampleRatio}) overrides every verdict: the
 * judgement then neither fails nor passes, it holds.
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
        double variance = canary.variance() / canary.n() + stable.variance() / stable.n();
        double width = ConfidenceSequence.halfWidth(variance, stable.n() + canary.n(), alpha, settings.tuning());
        double harm = metric.harmSign() * effect;
        Verdict verdict = harm - width > tau ? Verdict.FAIL : harm + width < tau ? Verdict.PASS : Verdict.INCONCLUSIVE;
        return new MetricComparison(metric, stable, canary, effect, effect - width, effect + width, tau, verdict);
    }
}
