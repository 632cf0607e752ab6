package dev.tightrope.judge.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JudgeTest {

    private static final double ALPHA = 0.01 / 6;
    private static final Judge JUDGE = new Judge(JudgeSettings.DEFAULTS);

    /** An arm of n requests with these rates, and latencies whose ln(1 + ms) has this mean and a sd of 0.5. */
    private static ArmWindow arm(long n, double errorRate, double completionRate, double latencyMs) {
        double logMean = Math.log1p(latencyMs);
        double logSd = 0.5;
        return new ArmWindow(n, Math.round(n * errorRate), Math.round(n * completionRate), n, n * logMean,
                n * (logMean * logMean + logSd * logSd) , n * 0.01, n * 0.0001 + n * 0.0001, 0, 0, 0, 0, 0);
    }

    @Test
    void theWorkedExampleOfTheJavadoc() {
        double variance = (26.0 / 302 * (1 - 26.0 / 302)) / 300 + (69.0 / 5702 * (1 - 69.0 / 5702)) / 5700;
        assertThat(variance).isCloseTo(0.000264, within(0.0000005));
        assertThat(ConfidenceSequence.oneSidedWidth(variance, 6_000, ALPHA, 5_000)).isCloseTo(0.0633, within(0.00005));
        assertThat(ConfidenceSequence.halfWidth(variance, 6_000, ALPHA, 5_000)).isCloseTo(0.0663, within(0.00005));
    }

    @ParameterizedTest
    @ValueSource(longs = {10, 100, 1_000, 5_000, 50_000, 1_000_000})
    void theOneSidedBoundIsNarrowerThanTheTwoSidedOneAndWiderThanAFixedSampleBound(long total) {
        double variance = 0.25 / total;
        double oneSided = ConfidenceSequence.oneSidedWidth(variance, total, ALPHA, 5_000);
        double z = new NormalDistribution().inverseCumulativeProbability(1 - ALPHA);
        assertThat(oneSided).isLessThan(ConfidenceSequence.halfWidth(variance, total, ALPHA, 5_000))
                .isGreaterThan(z * Math.sqrt(variance));
    }

    @Test
    void aCanaryRateIsJudgedWithAtLeastTheVarianceOnTheToleranceEdge() {
        ArmWindow.Sample stable = new ArmWindow(10_000, 120, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).sample(Metric.ERROR_RATE);
        ArmWindow.Sample lucky = new ArmWindow(300, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).sample(Metric.ERROR_RATE);
        assertThat(lucky.variance()).isCloseTo(0.0131, within(0.00005));
        assertThat(Judge.canaryVariance(Metric.ERROR_RATE, stable, lucky, 0.01)).isCloseTo(0.022 * 0.978,
                within(0.000001));
        ArmWindow.Sample bad = new ArmWindow(300, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).sample(Metric.ERROR_RATE);
        assertThat(Judge.canaryVariance(Metric.ERROR_RATE, stable, bad, 0.01)).isEqualTo(bad.variance());
        ArmWindow.Sample latency = new ArmWindow(300, 0, 0, 0, 300, 301, 0, 0, 0, 0, 0, 0, 0).sample(Metric.LATENCY);
        assertThat(Judge.canaryVariance(Metric.LATENCY, stable, latency, 0.1)).isEqualTo(latency.variance());
    }

    @ParameterizedTest
    @ValueSource(longs = {10, 100, 1_000, 5_000, 50_000, 1_000_000})
    void theSequenceIsAlwaysWiderThanTheFixedSampleIntervalAtTheSameAlpha(long total) {
        double z = new NormalDistribution().inverseCumulativeProbability(1 - ALPHA / 2);
        double variance = 0.25 / total;
        assertThat(ConfidenceSequence.halfWidth(variance, total, ALPHA, 5_000)).isGreaterThan(z * Math.sqrt(variance));
    }

    @Test
    void theSeedsCanaryFailsOnCompletionAndErrorsAndNotOnLatency() {
        Judgement judgement = JUDGE.compare(arm(19_000, 0.012, 0.84, 2_100), arm(1_000, 0.084, 0.71, 2_300), 0.05,
                JudgeSettings.defaultTolerances());
        assertThat(judgement.of(Metric.TASK_COMPLETION).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judgement.of(Metric.ERROR_RATE).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judgement.of(Metric.LATENCY).verdict()).isNotEqualTo(Verdict.FAIL);
        assertThat(judgement.of(Metric.ERROR_RATE).effect()).isCloseTo(0.072, within(0.0005));
        assertThat(judgement.sampleRatio().mismatch()).isFalse();
        assertThat(judgement.failed()).isTrue();
    }

    @Test
    void identicalArmsNeverFailAndPassOnceTheSampleIsLarge() {
        Judgement small = JUDGE.compare(arm(3_800, 0.012, 0.84, 2_100), arm(200, 0.012, 0.84, 2_100), 0.05,
                JudgeSettings.defaultTolerances());
        assertThat(small.metrics()).noneMatch(m -> m.verdict() == Verdict.FAIL);
        Judgement large = JUDGE.compare(arm(950_000, 0.012, 0.84, 2_100), arm(50_000, 0.012, 0.84, 2_100), 0.05,
                Map.of(Metric.ERROR_RATE, Tolerance.absolute(0.01), Metric.LATENCY, Tolerance.relative(0.10)));
        assertThat(large.passed()).isTrue();
    }

    @Test
    void belowTheMinimumSampleNothingIsConcluded() {
        Judgement judgement = JUDGE.compare(arm(5_000, 0.0, 0.9, 100), arm(149, 0.5, 0.1, 9_000), 0.03,
                Map.of(Metric.ERROR_RATE, Tolerance.absolute(0.0)));
        assertThat(judgement.of(Metric.ERROR_RATE).verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(judgement.failed()).isFalse();
    }

    @Test
    void aSampleRatioMismatchHoldsEverything() {
        assertThat(SampleRatio.test(60, 540, 0.05, 0.001).mismatch()).isTrue();
        assertThat(SampleRatio.test(60, 540, 0.05, 0.001).logEvidence()).isCloseTo(9.65, within(0.01));
        assertThat(SampleRatio.test(32, 568, 0.05, 0.001).mismatch()).isFalse();
        Judgement judgement = JUDGE.compare(arm(9_000, 0.012, 0.84, 2_100), arm(3_000, 0.2, 0.5, 2_100), 0.05,
                JudgeSettings.defaultTolerances());
        assertThat(judgement.sampleRatio().mismatch()).isTrue();
        assertThat(judgement.failed()).isFalse();
        assertThat(judgement.passed()).isFalse();
    }
}
