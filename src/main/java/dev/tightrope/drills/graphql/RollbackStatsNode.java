package dev.tightrope.drills.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.drills.application.RollbackStatsService;
import dev.tightrope.drills.domain.RollbackStatistics;
import dev.tightrope.drills.domain.RollbackStatistics.Durations;
import dev.tightrope.release.domain.Trigger;

/** GraphQL type {@code RollbackStats} and the types of its fields. */
@Type("RollbackStats")
@Description("How often an agent's releases were rolled back over a period, how fast, and what found the "
        + "regressions (docs/rollback-metrics.md). Drills' rollbacks are counted apart and left out of every other "
        + "figure. Durations are in milliseconds; medians and p95 are nearest-rank (always a measured value).")
public class RollbackStatsNode {

    private final RollbackStatsService.Report report;
    private final RollbackStatistics stats;

    public RollbackStatsNode(RollbackStatsService.Report report) {
        this.report = report;
        this.stats = report.statistics();
    }

    @NonNull
    @Description(AGENT)
    public String getAgent() {
        return report.agent();
    }

    @Description("The environment the figures are of; null when they are of every environment of the agent.")
    public String getEnvironment() {
        return report.environment();
    }

    @NonNull
    @Description("The start of the period: traffic changes committed at or after it count.")
    public Instant getSince() {
        return stats.since();
    }

    @NonNull
    @Description("When the figures were computed: the end of the period.")
    public Instant getUntil() {
        return report.until();
    }

    @NonNull
    @Description("Releases: DEPLOYED and ROLLOUT_STARTED changes not made by a drill (a promotion is not a new "
            + "release; its rollout's start was).")
    public int getReleases() {
        return stats.releases();
    }

    @NonNull
    @Description("Rollbacks (ROLLED_BACK), drills' not included.")
    public int getRollbacks() {
        return stats.rollbacks();
    }

    @NonNull
    @Description("Rollbacks made by drills (trigger DRILL): they prove recovery works and are not failures.")
    public int getDrillRollbacks() {
        return stats.drillRollbacks();
    }

    @NonNull
    @Description("Every rollback, drills' included, by trigger; only triggers with at least one.")
    public List<@NonNull TriggerCountNode> getByTrigger() {
        return stats.byTrigger().entrySet().stream()
                .map(entry -> new TriggerCountNode(entry.getKey(), entry.getValue())).toList();
    }

    @NonNull
    @Description("Regressions stopped by the canary judge: rollbacks with trigger JUDGE.")
    public int getStoppedByJudge() {
        return stats.stoppedByJudge();
    }

    @NonNull
    @Description("Regressions stopped by trigger rules: rollbacks with trigger RULE.")
    public int getStoppedByRules() {
        return stats.stoppedByRules();
    }

    @NonNull
    @Description("Tools whose circuit breaker opened (TOOL_DISABLED changes); counted apart from rollbacks.")
    public int getToolsDisabled() {
        return stats.toolsDisabled();
    }

    @Description("Change-failure rate: rollbacks / releases; null without releases. It can exceed 1, when releases "
            + "made before the period were rolled back in it.")
    public Double getChangeFailureRate() {
        return stats.changeFailureRate();
    }

    @NonNull
    @Description("Rollbacks from decision to commit (committedAt - decidedAt).")
    public DurationStatsNode getDecisionToCommit() {
        return new DurationStatsNode(stats.decisionToCommit());
    }

    @NonNull
    @Description("Rollbacks from decision until every runtime connected at decision time acknowledged them "
            + "(propagatedAt - decidedAt), of those ACKNOWLEDGED only; see propagation for the others.")
    public DurationStatsNode getDecisionToPropagated() {
        return new DurationStatsNode(stats.decisionToPropagated());
    }

    @NonNull
    @Description("How the rollbacks' propagation to the runtimes ended.")
    public PropagationCountsNode getPropagation() {
        return new PropagationCountsNode(stats.propagation());
    }

    @NonNull
    @Description("Time to detect of automated rollbacks, RULE and JUDGE together: RULE from the alert's onset (when "
            + "the breach was first seen) to the rollback's decision, JUDGE from the rollout's start (when the canary "
            + "began serving) to the rollback's decision.")
    public DurationStatsNode getTimeToDetect() {
        return new DurationStatsNode(stats.timeToDetect());
    }

    @NonNull
    @Description("Time to detect per automated trigger: RULE and JUDGE, both always listed.")
    public List<@NonNull TriggerDurationsNode> getTimeToDetectByTrigger() {
        return stats.timeToDetectByTrigger().entrySet().stream()
                .map(entry -> new TriggerDurationsNode(entry.getKey(), entry.getValue())).toList();
    }

    @NonNull
    @Description("Time to recover: from the release that put the rolled-back version into traffic (the rollout's "
            + "start for a canary; the latest deploy or promotion to it, not a drill's, for a stable version) to the "
            + "rollback's commit. Releases before the period count too.")
    public DurationStatsNode getTimeToRecover() {
        return new DurationStatsNode(stats.timeToRecover());
    }

    /** GraphQL type {@code DurationStats}. */
    @Type("DurationStats")
    @Description("Summary of measured durations in milliseconds; the figures are null when nothing was measured. "
            + "Median and p95 are nearest-rank: of n sorted values the k-th, k = ceil(p/100 * n).")
    public static class DurationStatsNode {

        private final Durations durations;

        DurationStatsNode(Durations durations) {
            this.durations = durations;
        }

        @NonNull
        @Description("How many durations were measured.")
        public int getSamples() {
            return durations.samples();
        }

        @Description("Their mean, in milliseconds.")
        public Double getMeanMillis() {
            return durations.meanMillis();
        }

        @Description("Their median (nearest-rank: for an even count the lower middle value), in milliseconds.")
        public Double getMedianMillis() {
            return durations.medianMillis();
        }

        @Description("Their 95th percentile (nearest-rank), in milliseconds.")
        public Double getP95Millis() {
            return durations.p95Millis();
        }

        @Description("The longest, in milliseconds.")
        public Double getMaxMillis() {
            return durations.maxMillis();
        }
    }

    /** GraphQL type {@code TriggerCount}. */
    @Type("TriggerCount")
    @Description("How many rollbacks one trigger made.")
    public static class TriggerCountNode {

        private final Trigger trigger;
        private final int count;

        TriggerCountNode(Trigger trigger, int count) {
            this.trigger = trigger;
            this.count = count;
        }

        @NonNull
        @Description("The trigger.")
        public Trigger getTrigger() {
            return trigger;
        }

        @NonNull
        @Description("Rollbacks it made.")
        public int getCount() {
            return count;
        }
    }

    /** GraphQL type {@code TriggerDurationStats}. */
    @Type("TriggerDurationStats")
    @Description("Durations measured for one trigger.")
    public static class TriggerDurationsNode {

        private final Trigger trigger;
        // not named like a field of the type: SmallRye would take the field's type for the getter's
        private final Durations measured;

        TriggerDurationsNode(Trigger trigger, Durations measured) {
            this.trigger = trigger;
            this.measured = measured;
        }

        @NonNull
        @Description("The trigger.")
        public Trigger getTrigger() {
            return trigger;
        }

        @NonNull
        @Description("Its durations.")
        public DurationStatsNode getDurations() {
            return new DurationStatsNode(measured);
        }
    }

    /** GraphQL type {@code RollbackPropagationCounts}. */
    @Type("RollbackPropagationCounts")
    @Description("How the rollbacks' propagation to the runtimes ended.")
    public static class PropagationCountsNode {

        private final RollbackStatistics.PropagationCounts counts;

        PropagationCountsNode(RollbackStatistics.PropagationCounts counts) {
            this.counts = counts;
        }

        @NonNull
        @Description("Every runtime connected at decision time acknowledged the rollback (timed in "
                + "decisionToPropagated).")
        public int getAcknowledged() {
            return counts.acknowledged();
        }

        @NonNull
        @Description("No runtime was connected: nothing to wait for.")
        public int getNoRuntimes() {
            return counts.noRuntimes();
        }

        @NonNull
        @Description("The propagation timeout passed before every runtime acknowledged.")
        public int getTimedOut() {
            return counts.timedOut();
        }

        @NonNull
        @Description("Still waiting for acknowledgements (or without a propagation record).")
        public int getPending() {
            return counts.pending();
        }
    }
}
