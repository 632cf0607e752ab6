package dev.tightrope.judge.graphql;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.judge.application.CanaryComparison;
import dev.tightrope.judge.domain.Metric;
import dev.tightrope.judge.domain.MetricComparison;
import dev.tightrope.judge.domain.Verdict;

/** The live canary comparison the dashboard draws. */
@Type("CanaryComparison")
public class CanaryComparisonNode {

    private final CanaryComparison comparison;

    CanaryComparisonNode(CanaryComparison comparison) {
        this.comparison = comparison;
    }

    @NonNull
    public String getRolloutId() {
        return Long.toString(comparison.rollout().rolloutId());
    }

    @NonNull
    public String getAgent() {
        return comparison.rollout().agent();
    }

    @NonNull
    public String getEnvironment() {
        return comparison.rollout().environment();
    }

    @NonNull
    public int getStableVersion() {
        return comparison.rollout().stableVersion();
    }

    @NonNull
    public int getCanaryVersion() {
        return comparison.rollout().canaryVersion();
    }

    @NonNull
    public int getWeight() {
        return comparison.rollout().weight();
    }

    @Description("Whether the judge drives this rollout (it has a plan).")
    @NonNull
    public boolean isPlanned() {
        return comparison.plan() != null;
    }

    @Description("The plan step of the current weight, from 1; null for a rollout driven by hand.")
    public Integer getStep() {
        return comparison.stepIndex() < 0 ? null : comparison.stepIndex() + 1;
    }

    public Integer getSteps() {
        return comparison.plan() == null ? null : comparison.plan().steps().size();
    }

    @NonNull
    @Description("When the current weight was set: the comparison's window starts at the next bucket.")
    public Instant getStepStartedAt() {
        return comparison.stepStartedAt();
    }

    @NonNull
    @Description("Seconds the current step still runs at least.")
    public long getStepSecondsLeft() {
        return comparison.stepTimeLeft().toSeconds();
    }

    @NonNull
    public Instant getJudgedAt() {
        return comparison.judgedAt();
    }

    @NonNull
    public double getStableLatencyP50() {
        return comparison.stable().latency().percentile(50);
    }

    @NonNull
    public double getStableLatencyP95() {
        return comparison.stable().latency().percentile(95);
    }

    @NonNull
    public double getCanaryLatencyP50() {
        return comparison.canary().latency().percentile(50);
    }

    @NonNull
    public double getCanaryLatencyP95() {
        return comparison.canary().latency().percentile(95);
    }

    @NonNull
    @Description("The canary's share of the window's requests, and whether it fits the weight (a mismatch means "
            + "reporting or bucketing is broken: the rollout holds).")
    public SampleRatioNode getSampleRatio() {
        return new SampleRatioNode(comparison.judgement().sampleRatio().expectedShare(),
                comparison.judgement().sampleRatio().observedShare(), comparison.judgement().sampleRatio().mismatch());
    }

    @NonNull
    public List<@NonNull MetricNode> getMetrics() {
        return comparison.judgement().metrics().stream()
                .map(m -> new MetricNode(m, comparison.estimates().getOrDefault(m.metric(), Map.of()))).toList();
    }

    /** The sample-ratio check. */
    @Type("SampleRatio")
    public record SampleRatioNode(@NonNull double expectedShare, @NonNull double observedShare,
            @NonNull boolean mismatch) {
    }

    /** One metric. */
    @Type("MetricComparison")
    public static class MetricNode {

        private final MetricComparison comparison;
        private final Map<Integer, java.time.Duration> byWeight;

        MetricNode(MetricComparison comparison, Map<Integer, java.time.Duration> byWeight) {
            this.comparison = comparison;
            this.byWeight = byWeight;
        }

        @NonNull
        public Metric getMetric() {
            return comparison.metric();
        }

        @NonNull
        public Verdict getVerdict() {
            return comparison.verdict();
        }

        @NonNull
        @Description("Stable arm: its sample size.")
        public long getStableSamples() {
            return comparison.stable().n();
        }

        @NonNull
        public long getCanarySamples() {
            return comparison.canary().n();
        }

        @NonNull
        @Description("Stable arm's value: a rate, a mean of ln(1 + latency ms), a mean cost or eval score.")
        public double getStableValue() {
            return comparison.stable().mean();
        }

        @NonNull
        public double getCanaryValue() {
            return comparison.canary().mean();
        }

        @NonNull
        @Description("Canary − stable, in the metric's units.")
        public double getEffect() {
            return comparison.effect();
        }

        @Description("The interval's ends; null while there are too few samples.")
        public Double getLower() {
            return Double.isFinite(comparison.lower()) ? comparison.lower() : null;
        }

        public Double getUpper() {
            return Double.isFinite(comparison.upper()) ? comparison.upper() : null;
        }

        @NonNull
        @Description("How far the effect may go in the harmful direction, in the metric's units.")
        public double getTolerance() {
            return comparison.tolerance();
        }

        @NonNull
        @Description("Without a verdict yet: the estimated seconds to one at each weight still to come.")
        public List<@NonNull EstimateNode> getEstimates() {
            return byWeight.entrySet().stream().map(e -> new EstimateNode(e.getKey(), e.getValue().toSeconds()))
                    .toList();
        }
    }

    /** Time to a verdict at a weight. */
    @Type("DecisionEstimate")
    public record EstimateNode(@NonNull int weight, @NonNull long seconds) {
    }
}
