package dev.tightrope.judge.graphql;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

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
@Description("How a rollout's canary compares with its stable version over the current step, as the judge last saw it.")
@Type("CanaryComparison")
public class CanaryComparisonNode {

    private final CanaryComparison comparison;

    CanaryComparisonNode(CanaryComparison comparison) {
        this.comparison = comparison;
    }

    @Description("The rollout compared.")
    @NonNull
    public String getRolloutId() {
        return Long.toString(comparison.rollout().rolloutId());
    }

    @Description(AGENT)
    @NonNull
    public String getAgent() {
        return comparison.rollout().agent();
    }

    @Description(ENVIRONMENT)
    @NonNull
    public String getEnvironment() {
        return comparison.rollout().environment();
    }

    @Description("The stable arm's agent version.")
    @NonNull
    public int getStableVersion() {
        return comparison.rollout().stableVersion();
    }

    @Description("The canary arm's agent version.")
    @NonNull
    public int getCanaryVersion() {
        return comparison.rollout().canaryVersion();
    }

    @Description("The canary's current share of traffic, in percent.")
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

    @Description("How many steps the plan has; null for a rollout driven by hand.")
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

    @Description("When this comparison was made.")
    @NonNull
    public Instant getJudgedAt() {
        return comparison.judgedAt();
    }

    @Description("Median latency of the stable arm in the window, in milliseconds.")
    @NonNull
    public double getStableLatencyP50() {
        return comparison.stable().latency().percentile(50);
    }

    @Description("95th percentile latency of the stable arm in the window, in milliseconds.")
    @NonNull
    public double getStableLatencyP95() {
        return comparison.stable().latency().percentile(95);
    }

    @Description("Median latency of the canary arm in the window, in milliseconds.")
    @NonNull
    public double getCanaryLatencyP50() {
        return comparison.canary().latency().percentile(50);
    }

    @Description("95th percentile latency of the canary arm in the window, in milliseconds.")
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

    @Description("One comparison per judged metric.")
    @NonNull
    public List<@NonNull MetricNode> getMetrics() {
        return comparison.judgement().metrics().stream()
                .map(m -> new MetricNode(m, comparison.estimates().getOrDefault(m.metric(), Map.of()))).toList();
    }

    /** The sample-ratio check. */
    @Description("The sample-ratio check: does the canary get the share of requests its weight promises?")
    @Type("SampleRatio")
    public record SampleRatioNode(
            @Description("The canary's share the weight promises, 0 to 1.") @NonNull double expectedShare,
            @Description("The canary's share of the window's outcomes, 0 to 1.") @NonNull double observedShare,
            @Description("True when the observed share is too far from the expected one to be chance "
                    + "(tightrope.judge.srm-alpha).") @NonNull boolean mismatch) {
    }

    /** One metric. */
    @Description("One metric of the canary comparison: both arms, the effect, its anytime-valid interval and the "
            + "verdict.")
    @Type("MetricComparison")
    public static class MetricNode {

        private final MetricComparison comparison;
        private final Map<Integer, java.time.Duration> byWeight;

        MetricNode(MetricComparison comparison, Map<Integer, java.time.Duration> byWeight) {
            this.comparison = comparison;
            this.byWeight = byWeight;
        }

        @Description("The metric compared.")
        @NonNull
        public Metric getMetric() {
            return comparison.metric();
        }

        @Description("The judge's answer for this metric so far.")
        @NonNull
        public Verdict getVerdict() {
            return comparison.verdict();
        }

        @NonNull
        @Description("Stable arm: its sample size.")
        public long getStableSamples() {
            return comparison.stable().n();
        }

        @Description("Canary arm: its sample size.")
        @NonNull
        public long getCanarySamples() {
            return comparison.canary().n();
        }

        @NonNull
        @Description("Stable arm's value: a rate, a mean of ln(1 + latency ms), a mean cost or eval score.")
        public double getStableValue() {
            return comparison.stable().mean();
        }

        @Description("Canary arm's value, in the same units as stableValue.")
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

        @Description("The interval's upper end; null while there are too few samples.")
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
    @Description("How long a verdict will take at one weight, at the current traffic.")
    @Type("DecisionEstimate")
    public record EstimateNode(
            @Description("A weight still to come, in percent.") @NonNull int weight,
            @Description("Estimated seconds until a verdict at that weight.") @NonNull long seconds) {
    }
}
