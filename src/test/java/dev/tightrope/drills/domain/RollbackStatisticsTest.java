package dev.tightrope.drills.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tightrope.drills.domain.RollbackStatistics.Durations;
import dev.tightrope.drills.domain.RollbackStatistics.PropagationCounts;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.EventRecord;
import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.rules.domain.AlertOnset;

/**
 * RollbackStatistics over hand-made histories, every expected figure computed by hand (the comments show how).
 * Times are on 2027-03-01 UTC.
 */
class RollbackStatisticsTest {

    private static final String DAY = "2027-03-01T";

    /** One case: a history, the period's start, and every figure expected of it. */
    record Case(String name, History history, String since, RollbackStatistics expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the worked example of the Javadoc and docs/rollback-metrics.md", workedExample(), "09:00:00",
                        new RollbackStatistics(at("09:00:00"),
                                4, // DEPLOYED 09:00, ROLLOUT_STARTED 10:00, DEPLOYED 11:00 and 13:00 (not the drill's)
                                3, 1, triggers(Trigger.SLACK, 1, Trigger.RULE, 1, Trigger.JUDGE, 1, Trigger.DRILL, 1),
                                1, 1, 1,
                                0.75, // 3 / 4
                                // 4, 6, 3 ms → 3, 4, 6: median k=⌈1.5⌉=2 → 4; p95 k=⌈2.85⌉=3 → 6; mean 13/3
                                new Durations(3, 13.0 / 3, 4.0, 6.0, 6.0),
                                // ACKNOWLEDGED only: 40, 60 → median k=⌈1⌉=1 → 40; p95 k=⌈1.9⌉=2 → 60
                                new Durations(2, 50.0, 40.0, 60.0, 60.0),
                                new PropagationCounts(2, 1, 0, 0),
                                // RULE 11:30:00 → 11:32:05 = 125 000; JUDGE 10:00 → 10:12 = 720 000
                                new Durations(2, 422_500.0, 125_000.0, 720_000.0, 720_000.0),
                                detect(new Durations(1, 125_000.0, 125_000.0, 125_000.0, 125_000.0),
                                        new Durations(1, 720_000.0, 720_000.0, 720_000.0, 720_000.0)),
                                // 10:00 → 10:12:00.004 = 720 004; 11:00 (not the drill's 11:10:01) → 11:32:05.006 =
                                // 1 925 006; 13:00 → 15:00:00.003 = 7 200 003; mean 9 845 013 / 3 = 3 281 671
                                new Durations(3, 3_281_671.0, 1_925_006.0, 7_200_003.0, 7_200_003.0))),
                new Case("a release before the period still counts for the time to recover", workedExample(),
                        "11:05:00",
                        new RollbackStatistics(at("11:05:00"),
                                1, // only the DEPLOYED of 13:00
                                2, 1, triggers(Trigger.SLACK, 1, Trigger.RULE, 1, Trigger.DRILL, 1),
                                0, 1, 1,
                                2.0, // 2 / 1: the RULE rollback undid a release of before the period
                                new Durations(2, 4.5, 3.0, 6.0, 6.0), // 6, 3 → 3, 6: median k=1 → 3; p95 k=2 → 6
                                new Durations(1, 60.0, 60.0, 60.0, 60.0),
                                new PropagationCounts(1, 1, 0, 0),
                                new Durations(1, 125_000.0, 125_000.0, 125_000.0, 125_000.0),
                                detect(new Durations(1, 125_000.0, 125_000.0, 125_000.0, 125_000.0),
                                        Durations.of(List.of())),
                                // 1 925 006 (from the 11:00 deploy, before the period) and 7 200 003
                                new Durations(2, 4_562_504.5, 1_925_006.0, 7_200_003.0, 7_200_003.0))),
                new Case("the same, with only what the store brings from before the period", workedExample()
                        .asStoreReadsIt("11:05:00"), "11:05:00",
                        new RollbackStatistics(at("11:05:00"), 1, 2, 1,
                                triggers(Trigger.SLACK, 1, Trigger.RULE, 1, Trigger.DRILL, 1), 0, 1, 1, 2.0,
                                new Durations(2, 4.5, 3.0, 6.0, 6.0), new Durations(1, 60.0, 60.0, 60.0, 60.0),
                                new PropagationCounts(1, 1, 0, 0),
                                new Durations(1, 125_000.0, 125_000.0, 125_000.0, 125_000.0),
                                detect(new Durations(1, 125_000.0, 125_000.0, 125_000.0, 125_000.0),
                                        Durations.of(List.of())),
                                new Durations(2, 4_562_504.5, 1_925_006.0, 7_200_003.0, 7_200_003.0))),
                new Case("nothing happened: no rate, no figures", new History(), "09:00:00",
                        new RollbackStatistics(at("09:00:00"), 0, 0, 0, Map.of(), 0, 0, 0, null,
                                Durations.of(List.of()), Durations.of(List.of()), new PropagationCounts(0, 0, 0, 0),
                                Durations.of(List.of()), detect(Durations.of(List.of()), Durations.of(List.of())),
                                Durations.of(List.of()))),
                new Case("a promotion makes the version stable; the stable rollback recovers from it", new History()
                        .deployed("08:00:00", null, 1, Trigger.API)
                        .rolloutStarted("09:00:00", 1, 2, 3)
                        .promoted("09:30:00", 1, 2, 3)
                        .rolledBack("10:30:00", Trigger.API, 2, 1, 2, noRuntimes()), "08:00:00",
                        new RollbackStatistics(at("08:00:00"),
                                2, // DEPLOYED and ROLLOUT_STARTED; the promotion is not a release of its own
                                1, 0, triggers(Trigger.API, 1), 0, 0, 0, 0.5,
                                new Durations(1, 2.0, 2.0, 2.0, 2.0), Durations.of(List.of()),
                                new PropagationCounts(0, 1, 0, 0), Durations.of(List.of()),
                                detect(Durations.of(List.of()), Durations.of(List.of())),
                                // 09:30 → 10:30:00.002
                                new Durations(1, 3_600_002.0, 3_600_002.0, 3_600_002.0, 3_600_002.0))),
                new Case("releases are looked up in the rollback's own environment", new History()
                        .deployed("08:00:00", null, 1, Trigger.API)
                        .deployed("09:00:00", 1, 2, Trigger.API)
                        .in("staging").deployed("10:00:00", null, 2, Trigger.API)
                        .in("production").rolledBack("11:00:00", Trigger.DASHBOARD, 2, 1, 1, acknowledged(10)),
                        "08:00:00",
                        new RollbackStatistics(at("08:00:00"), 3, 1, 0, triggers(Trigger.DASHBOARD, 1), 0, 0, 0,
                                1.0 / 3, new Durations(1, 1.0, 1.0, 1.0, 1.0),
                                new Durations(1, 10.0, 10.0, 10.0, 10.0), new PropagationCounts(1, 0, 0, 0),
                                Durations.of(List.of()), detect(Durations.of(List.of()), Durations.of(List.of())),
                                // production's 09:00 → 11:00:00.001, not staging's 10:00
                                new Durations(1, 7_200_001.0, 7_200_001.0, 7_200_001.0, 7_200_001.0))),
                new Case("an alert without an onset is timed from its firing; a RULE rollback without an alert is "
                        + "not timed; every propagation ending is counted", new History()
                        .deployed("08:00:00", null, 1, Trigger.API)
                        .deployed("09:00:00", 1, 2, Trigger.API)
                        .ruleRollback("09:10:00", 2, 1, 5, timedOut(), null, "09:09:30")
                        .deployed("10:00:00", 1, 2, Trigger.API)
                        .rolledBack("10:20:00", Trigger.RULE, 2, 1, 7, pending())
                        .deployed("11:00:00", 1, 2, Trigger.API)
                        .rolledBack("11:05:00", Trigger.API, 2, 1, 9, null),
                        "08:00:00",
                        new RollbackStatistics(at("08:00:00"), 4, 3, 0, triggers(Trigger.API, 1, Trigger.RULE, 2),
                                0, 2, 0, 0.75,
                                // 5, 7, 9: median k=2 → 7; p95 k=3 → 9
                                new Durations(3, 7.0, 7.0, 9.0, 9.0), Durations.of(List.of()),
                                new PropagationCounts(0, 0, 1, 2), // PENDING and no record at all: both pending
                                // 09:09:30 (fired; no onset) → 09:10:00
                                new Durations(1, 30_000.0, 30_000.0, 30_000.0, 30_000.0),
                                detect(new Durations(1, 30_000.0, 30_000.0, 30_000.0, 30_000.0),
                                        Durations.of(List.of())),
                                // 600 005, 1 200 007, 300 009 → 300 009, 600 005, 1 200 007; mean 2 100 021 / 3
                                new Durations(3, 700_007.0, 600_005.0, 1_200_007.0, 1_200_007.0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void computesEveryFigureOfTheCase(Case c) {
        RollbackStatistics actual = RollbackStatistics.compute(at(c.since()), c.history().events, c.history().onsets);
        assertThat(actual).usingRecursiveComparison().isEqualTo(c.expected());
    }

    @Test
    void theOrderOfTheHistoryDoesNotMatter() {
        History history = workedExample();
        List<EventRecord> reversed = new ArrayList<>(history.events);
        Collections.reverse(reversed);
        assertThat(RollbackStatistics.compute(at("09:00:00"), reversed, history.onsets)).usingRecursiveComparison()
                .isEqualTo(RollbackStatistics.compute(at("09:00:00"), history.events, history.onsets));
    }

    static Stream<Arguments> percentiles() {
        return Stream.of(
                // values (ms), then mean, median, p95, max
                Arguments.of(List.of(12L, 3L, 7L, 40L, 5L), 13.4, 7.0, 40.0, 40.0), // k = 3 and 5 of 5
                Arguments.of(List.of(3L, 5L, 7L, 12L), 6.75, 5.0, 12.0, 12.0), // k = 2 and ⌈3.8⌉ = 4
                Arguments.of(List.of(42L), 42.0, 42.0, 42.0, 42.0),
                Arguments.of(LongStream.rangeClosed(1, 20).boxed().toList(), 10.5, 10.0, 19.0, 20.0), // k = 10, 19
                Arguments.of(LongStream.rangeClosed(1, 21).boxed().toList(), 11.0, 11.0, 20.0, 21.0)); // k = 11, 20
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("percentiles")
    void percentilesAreNearestRank(List<Long> millis, double mean, double median, double p95, double max) {
        Durations durations = Durations.of(millis.stream().map(Duration::ofMillis).toList());
        assertThat(durations).isEqualTo(new Durations(millis.size(), mean, median, p95, max));
    }

    @Test
    void aPercentileOfNothingIsRefused() {
        assertThatThrownBy(() -> Durations.percentile(List.of(), 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.percentile(List.of(Duration.ZERO), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The history of the Javadoc's worked example (production):
     * <pre>
     *   09:00:00  DEPLOYED ∅→1 (API)
     *   10:00:00  ROLLOUT_STARTED 2 (API), rollout 7
     *   10:12:00  ROLLED_BACK 2→1 (JUDGE), committed +4 ms, acknowledged +40 ms
     *   11:00:00  DEPLOYED 1→2 (API)
     *   11:10:00  ROLLED_BACK 2→1 (DRILL); 11:10:01 DEPLOYED 1→2 (DRILL)
     *   11:32:05  ROLLED_BACK 2→1 (RULE, onset 11:30:00, fired 11:32:05), committed +6 ms, acknowledged +60 ms
     *   13:00:00  DEPLOYED 1→3 (API)
     *   14:00:00  TOOL_DISABLED (CIRCUIT_BREAKER)
     *   15:00:00  ROLLED_BACK 3→1 (SLACK), committed +3 ms, NO_RUNTIMES
     * </pre>
     */
    static History workedExample() {
        return new History()
                .deployed("09:00:00", null, 1, Trigger.API)
                .rolloutStarted("10:00:00", 1, 2, 7)
                .canaryRollback("10:12:00", Trigger.JUDGE, 7, 4, acknowledged(40))
                .deployed("11:00:00", 1, 2, Trigger.API)
                .rolledBack("11:10:00", Trigger.DRILL, 2, 1, 2, noRuntimes())
                .deployed("11:10:01", 1, 2, Trigger.DRILL)
                .ruleRollback("11:32:05", 2, 1, 6, acknowledged(60), "11:30:00", "11:32:05")
                .deployed("13:00:00", 1, 3, Trigger.API)
                .toolDisabled("14:00:00")
                .rolledBack("15:00:00", Trigger.SLACK, 3, 1, 3, noRuntimes());
    }

    private static Instant at(String time) {
        return Instant.parse(DAY + time + "Z");
    }

    private static Map<Trigger, Integer> triggers(Object... pairs) {
        Map<Trigger, Integer> map = new EnumMap<>(Trigger.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Trigger) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }

    private static Map<Trigger, Durations> detect(Durations rule, Durations judge) {
        Map<Trigger, Durations> map = new EnumMap<>(Trigger.class);
        map.put(Trigger.RULE, rule);
        map.put(Trigger.JUDGE, judge);
        return map;
    }

    /** How a propagation ended, in ms after the decision (null for none recorded). */
    private record Ending(PropagationStatus status, Long millis) {
    }

    private static Ending acknowledged(long millis) {
        return new Ending(PropagationStatus.ACKNOWLEDGED, millis);
    }

    private static Ending noRuntimes() {
        return new Ending(PropagationStatus.NO_RUNTIMES, null);
    }

    private static Ending timedOut() {
        return new Ending(PropagationStatus.TIMED_OUT, 4_000L);
    }

    private static Ending pending() {
        return new Ending(PropagationStatus.PENDING, null);
    }

    /**
     * Builds one agent's history, environment by environment, with generations counted per environment. Releases
     * and other changes commit at the very time they are decided (so the figures stay round); rollbacks take the
     * milliseconds given.
     */
    static final class History {
        final List<EventRecord> events = new ArrayList<>();
        final Map<String, AlertOnset> onsets = new HashMap<>();
        private final Map<String, Long> generations = new HashMap<>();
        private final Map<Long, Instant> rolloutStarts = new HashMap<>();
        private final Map<Long, int[]> rolloutVersions = new HashMap<>();
        private String environment = "production";
        private long ids;

        History in(String name) {
            environment = name;
            return this;
        }

        History deployed(String at, Integer from, int to, Trigger trigger) {
            return add(TrafficChangeType.DEPLOYED, trigger, from, to, null, at, 0, noRuntimes(), null);
        }

        History rolloutStarted(String at, int from, int to, long rolloutId) {
            rolloutStarts.put(rolloutId, at(at));
            rolloutVersions.put(rolloutId, new int[] {from, to});
            return add(TrafficChangeType.ROLLOUT_STARTED, Trigger.API, from, to, rolloutId, at, 0, noRuntimes(),
                    null);
        }

        History promoted(String at, int from, int to, long rolloutId) {
            return add(TrafficChangeType.PROMOTED, Trigger.API, from, to, rolloutId, at, 0, noRuntimes(), null);
        }

        History canaryRollback(String at, Trigger trigger, long rolloutId, long commitMillis, Ending ending) {
            int[] versions = rolloutVersions.get(rolloutId);
            return add(TrafficChangeType.ROLLED_BACK, trigger, versions[1], versions[0], rolloutId, at, commitMillis,
                    ending, null);
        }

        History rolledBack(String at, Trigger trigger, int from, int to, long commitMillis, Ending ending) {
            return add(TrafficChangeType.ROLLED_BACK, trigger, from, to, null, at, commitMillis, ending, null);
        }

        /** A rule's rollback, with its alert's onset (null for none recorded) and firing time. */
        History ruleRollback(String at, int from, int to, long commitMillis, Ending ending, String onset,
                String fired) {
            String key = "rule:11:5:" + (onsets.size() + 1);
            onsets.put(key, new AlertOnset(key, onset == null ? null : at(onset), at(fired)));
            return add(TrafficChangeType.ROLLED_BACK, Trigger.RULE, from, to, null, at, commitMillis, ending, key);
        }

        History toolDisabled(String at) {
            return add(TrafficChangeType.TOOL_DISABLED, Trigger.CIRCUIT_BREAKER, null, null, null, at, 0,
                    noRuntimes(), null);
        }

        /**
         * What EventHistoryStore reads for a period from {@code since}: the events since then, and before it only
         * the latest DEPLOYED or PROMOTED of each version that was not a drill's.
         */
        History asStoreReadsIt(String since) {
            Instant from = at(since);
            History read = new History();
            read.onsets.putAll(onsets);
            Map<String, EventRecord> latest = new HashMap<>();
            for (EventRecord record : events) {
                DeploymentEvent event = record.event();
                if (!event.committedAt().isBefore(from)) {
                    read.events.add(record);
                } else if ((event.type() == TrafficChangeType.DEPLOYED || event.type() == TrafficChangeType.PROMOTED)
                        && event.trigger() != Trigger.DRILL) {
                    latest.merge(event.environment() + "/" + event.toVersion(), record,
                            (a, b) -> a.event().generation() > b.event().generation() ? a : b);
                }
            }
            read.events.addAll(latest.values());
            return read;
        }

        /** An event decided at {@code at} and committed {@code commitMillis} later. */
        private History add(TrafficChangeType type, Trigger trigger, Integer from, Integer to, Long rolloutId,
                String at, long commitMillis, Ending ending, String key) {
            Instant decided = at(at);
            Instant committed = decided.plusMillis(commitMillis);
            Propagation propagation = ending == null ? null : new Propagation(ending.status(),
                    ending.status() == PropagationStatus.NO_RUNTIMES ? committed
                            : ending.millis() == null ? null : decided.plusMillis(ending.millis()),
                    ending.status() == PropagationStatus.NO_RUNTIMES ? 0 : 2,
                    ending.status() == PropagationStatus.ACKNOWLEDGED ? 2 : 0);
            long generation = generations.merge(environment, 1L, Long::sum);
            events.add(new EventRecord(new DeploymentEvent(++ids, "support-bot", environment, generation, type,
                    trigger, from, to, rolloutId, null, null, "test", "", decided, committed, propagation), key,
                    rolloutId == null ? null : rolloutStarts.get(rolloutId)));
            return this;
        }
    }
}
