package dev.tightrope.drills.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.EventRecord;
import dev.tightrope.release.domain.PropagationStatus;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.rules.domain.AlertOnset;

/**
 * How often releases were rolled back over a period, how fast, and what found the regressions: computed from the
 * deployments' event history (docs/rollback-metrics.md).
 *
 * <p><b>The period</b> is every event committed at or after {@code since}. Events before it are read only to find
 * the release a rollback undid (time to recover).
 *
 * <p><b>Definitions.</b>
 * <ul>
 *   <li><b>rollbacks</b>: ROLLED_BACK events whose trigger is not DRILL (a drill proves recovery works; it is not a
 *       failure). Drills' rollbacks are counted in {@code drillRollbacks}; {@code byTrigger} counts every rollback,
 *       drills included. All durations below are over the rollbacks, never over drills.</li>
 *   <li><b>releases</b>: DEPLOYED and ROLLOUT_STARTED events whose trigger is not DRILL (a drill's roll-forward puts
 *       back a version that was already released). A promotion is not a new release: its rollout's start was.</li>
 *   <li><b>change-failure rate</b> = rollbacks / releases; {@code null} without releases. It can exceed 1: a release
 *       made before the period may be rolled back in it, and one release can be rolled back twice (3 → 2 → 1).</li>
 *   <li><b>decision → commit</b>: committedAt − decidedAt of each rollback.</li>
 *   <li><b>decision → propagated</b>: propagatedAt − decidedAt of each rollback whose propagation is ACKNOWLEDGED
 *       (every connected runtime confirmed it). Rollbacks that reached no runtime (NO_RUNTIMES), timed out
 *       (TIMED_OUT) or are still PENDING (or have no propagation record) are counted in {@code propagation}
 *       instead, and left out of the durations.</li>
 *   <li><b>time to detect</b>, for automated rollbacks: RULE: from the alert's onset (when the breach was first
 *       seen; its firing time for alerts recorded before onsets were) to the rollback's decidedAt, the alert found by
 *       the rollback's idempotency key {@code rule:<rule>:<deployment>:<firing>}; JUDGE: from the rollout's start
 *       (when the canary began serving) to the rollback's decidedAt. A rollback whose start is unknown is left
 *       out.</li>
 *   <li><b>regressions stopped</b>: rollbacks with trigger JUDGE ({@code stoppedByJudge}) and RULE
 *       ({@code stoppedByRules}); TOOL_DISABLED events (a circuit breaker opened) are counted apart, as
 *       {@code toolsDisabled}.</li>
 *   <li><b>time to recover</b>: from the release that put the rolled-back version into traffic to the rollback's
 *       committedAt. For a canary's rollback (the event has a rollout): the rollout's start. For a rollback of the
 *       stable version: the latest earlier DEPLOYED or PROMOTED event of the same deployment that made that version
 *       stable and was not a drill's. Such a release may lie before the period (the history brings the latest one of
 *       each version); a rollback whose release is not in the history is left out.</li>
 * </ul>
 *
 * <p><b>Percentiles</b> are nearest-rank: of n values sorted ascending x<sub>1</sub> ≤ … ≤ x<sub>n</sub>, the p-th
 * percentile is x<sub>k</sub> with k = ⌈p/100 · n⌉ (at least 1). It is always one of the values measured, never an
 * interpolation; the median is the 50th, so for an even n it is the lower of the two middle values. Worked example,
 * decision → commit of five rollbacks, 12, 3, 7, 40 and 5 ms: sorted 3, 5, 7, 12, 40; median k = ⌈2.5⌉ = 3 → 7 ms;
 * p95 k = ⌈4.75⌉ = 5 → 40 ms; mean 13.4 ms. With four (3, 5, 7, 12): median k = 2 → 5 ms, p95 k = ⌈3.8⌉ = 4 →
 * 12 ms.
 *
 * <p><b>Worked example</b> (one deployment, the period from 09:00; ms after a time are its milliseconds):
 * <pre>
 *   09:00:00      DEPLOYED ∅→1 (API)                                          release 1
 *   10:00:00      ROLLOUT_STARTED 2 at 10 % (API), rollout 7                  release 2
 *   10:12:00      ROLLED_BACK 2→1 (JUDGE), committed +4 ms, acknowledged +40 ms
 *   11:00:00      DEPLOYED 1→2 (API)                                          release 3
 *   11:10:00      ROLLED_BACK 2→1 (DRILL), then DEPLOYED 1→2 (DRILL)          neither counts
 *   11:32:05      ROLLED_BACK 2→1 (RULE, breach first seen 11:30:00), committed +6 ms, acknowledged +60 ms
 *   13:00:00      DEPLOYED 1→3 (API)                                          release 4
 *   14:00:00      TOOL_DISABLED (CIRCUIT_BREAKER)
 *   15:00:00      ROLLED_BACK 3→1 (SLACK), committed +3 ms, no runtime connected
 * </pre>
 * gives releases 4, rollbacks 3 (JUDGE, RULE, SLACK), drill rollbacks 1, change-failure rate 3/4 = 0.75; decision →
 * commit 3, 4, 6 ms: median 4, p95 6; decision → propagated 40, 60 ms (one NO_RUNTIMES): median 40, p95 60; time to
 * detect JUDGE 12 min, RULE 2 min 5 s, both together median 2 min 5 s, p95 12 min; stopped by the judge 1, by rules
 * 1, tools disabled 1; time to recover 12 min 0.004 s (rollout start → commit), 32 min 5.006 s (the API deploy of
 * 11:00, not the drill's roll-forward) and 2 h 0.003 s: mean 54 min 41.671 s, median 32 min 5.006 s.
 *
 * @param byTrigger             every rollback (drills included) by trigger; only triggers with one or more
 * @param changeFailureRate     rollbacks / releases; {@code null} when there were no releases
 * @param timeToDetectByTrigger RULE and JUDGE, both always present
 */
public record RollbackStatistics(Instant since, int releases, int rollbacks, int drillRollbacks,
        Map<Trigger, Integer> byTrigger, int stoppedByJudge, int stoppedByRules, int toolsDisabled,
        Double changeFailureRate, Durations decisionToCommit, Durations decisionToPropagated,
        PropagationCounts propagation, Durations timeToDetect, Map<Trigger, Durations> timeToDetectByTrigger,
        Durations timeToRecover) {

    /** The automated triggers whose time to detect is measured. */
    public static final List<Trigger> DETECTING = List.of(Trigger.RULE, Trigger.JUDGE);

    /**
     * @param since   the start of the period: events committed at or after it count
     * @param history the period's events and, before it, the releases a rollback in it may have undone (in any
     *                order; an event before {@code since} is used only as such a release)
     * @param onsets  the onsets of rule actions' alerts, by the actions' idempotency keys
     */
    public static RollbackStatistics compute(Instant since, List<EventRecord> history,
            Map<String, AlertOnset> onsets) {
        List<EventRecord> ordered = new ArrayList<>(history);
        ordered.sort((a, b) -> {
            int byDeployment = deployment(a.event()).compareTo(deployment(b.event()));
            return byDeployment != 0 ? byDeployment : Long.compare(a.event().generation(), b.event().generation());
        });
        Counter counter = new Counter();
        // per deployment and version: when its latest forward move that was not a drill's was committed
        Map<String, Map<Integer, Instant>> stableSince = new HashMap<>();
        for (EventRecord record : ordered) {
            DeploymentEvent event = record.event();
            Map<Integer, Instant> releasedAt = stableSince.computeIfAbsent(deployment(event), d -> new HashMap<>());
            if (!event.committedAt().isBefore(since)) {
                counter.count(record, onsets, releasedAt);
            }
            if ((event.type() == TrafficChangeType.DEPLOYED || event.type() == TrafficChangeType.PROMOTED)
                    && event.trigger() != Trigger.DRILL && event.toVersion() != null) {
                releasedAt.put(event.toVersion(), event.committedAt());
            }
        }
        return counter.result(since);
    }

    private static String deployment(DeploymentEvent event) {
        return event.agent() + "/" + event.environment();
    }

    /** Counts what one event of the period adds. */
    private static final class Counter {
        int releases;
        int rollbacks;
        int drillRollbacks;
        int toolsDisabled;
        final Map<Trigger, Integer> byTrigger = new EnumMap<>(Trigger.class);
        final List<Duration> commit = new ArrayList<>();
        final List<Duration> propagated = new ArrayList<>();
        final Map<PropagationStatus, Integer> propagation = new EnumMap<>(PropagationStatus.class);
        int unrecorded;
        final Map<Trigger, List<Duration>> detect = new EnumMap<>(Trigger.class);
        final List<Duration> recover = new ArrayList<>();

        void count(EventRecord record, Map<String, AlertOnset> onsets, Map<Integer, Instant> releasedAt) {
            DeploymentEvent event = record.event();
            switch (event.type()) {
                case DEPLOYED, ROLLOUT_STARTED -> {
                    if (event.trigger() != Trigger.DRILL) {
                        releases++;
                    }
                }
                case TOOL_DISABLED -> toolsDisabled++;
                case ROLLED_BACK -> rollback(record, onsets, releasedAt);
                default -> {
                }
            }
        }

        private void rollback(EventRecord record, Map<String, AlertOnset> onsets, Map<Integer, Instant> releasedAt) {
            DeploymentEvent event = record.event();
            byTrigger.merge(event.trigger(), 1, Integer::sum);
            if (event.trigger() == Trigger.DRILL) {
                drillRollbacks++;
                return;
            }
            rollbacks++;
            commit.add(Duration.between(event.decidedAt(), event.committedAt()));
            if (event.propagation() == null) {
                unrecorded++;
            } else {
                propagation.merge(event.propagation().status(), 1, Integer::sum);
                if (event.propagation().status() == PropagationStatus.ACKNOWLEDGED
                        && event.propagatedAt() != null) {
                    propagated.add(Duration.between(event.decidedAt(), event.propagatedAt()));
                }
            }
            Instant detectedFrom = null;
            if (event.trigger() == Trigger.RULE) {
                AlertOnset onset = record.idempotencyKey() == null ? null : onsets.get(record.idempotencyKey());
                detectedFrom = onset == null ? null : onset.detectedFrom();
            } else if (event.trigger() == Trigger.JUDGE) {
                detectedFrom = record.rolloutStartedAt();
            }
            if (detectedFrom != null) {
                detect.computeIfAbsent(event.trigger(), t -> new ArrayList<>())
                        .add(Duration.between(detectedFrom, event.decidedAt()));
            }
            Instant released = event.rolloutId() != null ? record.rolloutStartedAt()
                    : event.fromVersion() == null ? null : releasedAt.get(event.fromVersion());
            if (released != null) {
                recover.add(Duration.between(released, event.committedAt()));
            }
        }

        RollbackStatistics result(Instant since) {
            List<Duration> allDetect = new ArrayList<>();
            Map<Trigger, Durations> detectByTrigger = new EnumMap<>(Trigger.class);
            for (Trigger trigger : DETECTING) {
                List<Duration> samples = detect.getOrDefault(trigger, List.of());
                allDetect.addAll(samples);
                detectByTrigger.put(trigger, Durations.of(samples));
            }
            PropagationCounts counts = new PropagationCounts(
                    propagation.getOrDefault(PropagationStatus.ACKNOWLEDGED, 0),
                    propagation.getOrDefault(PropagationStatus.NO_RUNTIMES, 0),
                    propagation.getOrDefault(PropagationStatus.TIMED_OUT, 0),
                    propagation.getOrDefault(PropagationStatus.PENDING, 0) + unrecorded);
            return new RollbackStatistics(since, releases, rollbacks, drillRollbacks,
                    Collections.unmodifiableMap(new EnumMap<>(byTrigger)),
                    byTrigger.getOrDefault(Trigger.JUDGE, 0), byTrigger.getOrDefault(Trigger.RULE, 0), toolsDisabled,
                    releases == 0 ? null : (double) rollbacks / releases, Durations.of(commit),
                    Durations.of(propagated), counts, Durations.of(allDetect),
                    Collections.unmodifiableMap(detectByTrigger), Durations.of(recover));
        }
    }

    /**
     * How the rollbacks' propagation ended.
     *
     * @param pending still waiting for acknowledgements, or without a propagation record
     */
    public record PropagationCounts(int acknowledged, int noRuntimes, int timedOut, int pending) {
    }

    /**
     * Summary of measured durations, in milliseconds; the figures are {@code null} when nothing was measured.
     * Median and p95 are nearest-rank ({@link RollbackStatistics}).
     */
    public record Durations(int samples, Double meanMillis, Double medianMillis, Double p95Millis,
            Double maxMillis) {

        public static Durations of(List<Duration> measured) {
            if (measured.isEmpty()) {
                return new Durations(0, null, null, null, null);
            }
            List<Duration> sorted = new ArrayList<>(measured);
            Collections.sort(sorted);
            double sum = 0;
            for (Duration duration : sorted) {
                sum += millis(duration);
            }
            return new Durations(sorted.size(), sum / sorted.size(), millis(percentile(sorted, 50)),
                    millis(percentile(sorted, 95)), millis(sorted.get(sorted.size() - 1)));
        }

        /** The nearest-rank percentile of values sorted ascending: the k-th with k = ⌈p/100 · n⌉, at least 1. */
        public static Duration percentile(List<Duration> sorted, int percent) {
            if (sorted.isEmpty() || percent < 1 || percent > 100) {
                throw new IllegalArgumentException("percentile " + percent + " of " + sorted.size() + " values");
            }
            int rank = (percent * sorted.size() + 99) / 100;
            return sorted.get(Math.max(rank, 1) - 1);
        }

        static double millis(Duration duration) {
            return duration.getSeconds() * 1_000.0 + duration.getNano() / 1_000_000.0;
        }
    }
}
