package dev.tightrope.judge.domain;

import java.util.List;

/** The judge's answer for a canary: every metric compared, and whether the arms' sizes fit the weight. */
public record Judgement(List<MetricComparison> metrics, SampleRatio.Result sampleRatio) {

    public Judgement {
        metrics = List.copyOf(metrics);
    }

    /** Some metric failed: the canary is worse beyond its tolerance. */
    public boolean failed() {
        return !sampleRatio.mismatch() && metrics.stream().anyMatch(m -> m.verdict() == Verdict.FAIL);
    }

    /** Every reported metric passed, and the sample ratio fits: the canary may go on. */
    public boolean passed() {
        return !sampleRatio.mismatch() && metrics.stream().filter(m -> !m.unreported())
                .allMatch(m -> m.verdict() == Verdict.PASS);
    }

    /** The comparison of one metric, or null when it was not judged. */
    public MetricComparison of(Metric metric) {
        return metrics.stream().filter(m -> m.metric() == metric).findFirst().orElse(null);
    }
}
