package dev.tightrope.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tightrope.release.domain.Arm;

class BucketStatsTest {

    private static Outcome outcome(OutcomeStatus status, Boolean completed, double latencyMs, String tool,
            OutcomeStatus toolStatus) {
        return new Outcome("support-bot", "production", 3, Arm.STABLE, null, null, null,
                Instant.parse("2026-12-01T10:00:07.400Z"), status, completed, latencyMs, 0.01, 100, 50,
                tool == null ? List.of() : List.of(new ToolCall(tool, toolStatus, 20)), null);
    }

    @Test
    void countsAndSumsGiveTheMeanAndVarianceOfTheWorkedExample() {
        BucketStats stats = new BucketStats();
        stats.record(outcome(OutcomeStatus.SUCCESS, true, 100, null, null));
        stats.record(outcome(OutcomeStatus.ERROR, null, 300, "search", OutcomeStatus.ERROR));
        assertThat(stats.requests()).isEqualTo(2);
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.completions()).isEqualTo(1);
        assertThat(stats.completionReported()).isEqualTo(1);
        double mean = stats.latencySum() / stats.requests();
        double variance = (stats.latencySumSquares() - stats.latencySum() * stats.latencySum() / 2) / (2 - 1);
        assertThat(mean).isEqualTo(200);
        assertThat(variance).isEqualTo(20_000);
        assertThat(stats.tools().get("search").errors()).isEqualTo(1);
    }

    @Test
    void statsOfTwoSetsAddUpToTheStatsOfAllTheirRequests() {
        BucketStats all = new BucketStats();
        BucketStats first = new BucketStats();
        BucketStats second = new BucketStats();
        for (int i = 0; i < 500; i++) {
            Outcome outcome = outcome(i % 7 == 0 ? OutcomeStatus.ERROR : OutcomeStatus.SUCCESS, i % 3 == 0,
                    10 + i * 3.5, i % 2 == 0 ? "search" : "lookup", OutcomeStatus.SUCCESS);
            all.record(outcome);
            (i < 200 ? first : second).record(outcome);
        }
        first.add(second);
        assertThat(first.requests()).isEqualTo(all.requests());
        assertThat(first.errors()).isEqualTo(all.errors());
        assertThat(first.latencySum()).isCloseTo(all.latencySum(), within(1e-6));
        assertThat(first.logLatencySumSquares()).isCloseTo(all.logLatencySumSquares(), within(1e-6));
        assertThat(first.latency().percentile(95)).isEqualTo(all.latency().percentile(95));
        assertThat(first.tools().get("lookup").calls()).isEqualTo(250);
    }

    @Test
    void aHistogramSurvivesStorageAndReadsPercentilesWithinOnePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 10_000; ms++) {
            histogram.record(ms);
        }
        LatencyHistogram read = LatencyHistogram.fromBytes(histogram.toBytes());
        assertThat(read.count()).isEqualTo(10_000);
        assertThat(read.percentile(50)).isCloseTo(5_000, within(50.0));
        assertThat(read.percentile(99)).isCloseTo(9_900, within(99.0));
        assertThat(LatencyHistogram.fromBytes(null).count()).isZero();
    }

    @Test
    void bucketsAreAlignedToTheEpochAndABatchHasOneDeltaPerBucket() {
        BucketWidth width = new BucketWidth(Duration.ofSeconds(10));
        assertThat(width.startOf(Instant.parse("2026-12-01T10:00:07.400Z")))
                .isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        OutcomeBatch batch = new OutcomeBatch();
        for (int i = 0; i < 1000; i++) {
            batch.add(42, outcome(OutcomeStatus.SUCCESS, true, i, null, null), width);
        }
        assertThat(batch.outcomes()).isEqualTo(1000);
        assertThat(batch.deltas()).hasSize(1);
        assertThat(batch.deltas().values().iterator().next().requests()).isEqualTo(1000);
    }
}
