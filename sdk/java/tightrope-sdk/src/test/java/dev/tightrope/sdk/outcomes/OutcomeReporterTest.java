package dev.tightrope.sdk.outcomes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.sdk.Backoff;
import dev.tightrope.sdk.TightropeException;
import dev.tightrope.sdk.http.OutcomesAnswer;
import dev.tightrope.sdk.http.Transport;
import dev.tightrope.sdk.routing.Decision;
import dev.tightrope.sdk.routing.RoutingConfig;
import dev.tightrope.sdk.testing.FakeTightrope;

/** The reporter against the fake server over real HTTP on loopback, and against fake sinks. */
class OutcomeReporterTest {

    private static final Decision DECISION = RoutingConfig.parse(FakeTightrope.config(3, 100, "salt-1", 2))
            .route("user-42", new SplittableRandom(1));

    private FakeTightrope server;
    private OutcomeReporter reporter;
    private final List<TightropeException> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = FakeTightrope.start();
    }

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close(Duration.ofSeconds(2));
        }
        server.close();
    }

    private OutcomeReporter start(int queueSize, int batchSize, Duration flushInterval, int maxAttempts) {
        Transport transport = new Transport(HttpClient.newHttpClient(), URI.create(server.url()), FakeTightrope.TOKEN,
                "support-bot", "production", Duration.ofSeconds(2), Clock.systemUTC());
        reporter = new OutcomeReporter(transport::postOutcomes, new OutcomeReporter.Settings(queueSize, batchSize,
                flushInterval, maxAttempts, fastBackoff(), Duration.ofSeconds(30)), Clock.systemUTC(), errors::add,
                "test-outcomes");
        return reporter;
    }

    private static Backoff fastBackoff() {
        return new Backoff(Duration.ofMillis(10), Duration.ofMillis(40));
    }

    private static Outcome outcome(double latencyMs) {
        return Outcome.success(DECISION, latencyMs).build();
    }

    private List<Double> latencies(int post) {
        return server.outcomePosts.get(post).lines().stream().map(line -> (Double) line.get("latencyMs"))
                .collect(Collectors.toList());
    }

    @Test
    void sendsAFullBatchAtOnceAndTheRestAfterTheFlushInterval() {
        start(100, 3, Duration.ofMillis(300), 6);
        long started = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            assertTrue(reporter.report(outcome(i)));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> server.outcomePosts.size() == 1);
        assertTrue(System.nanoTime() - started < Duration.ofMillis(290).toNanos(), "the full batch did not wait");
        assertEquals(List.of(0.0, 1.0, 2.0), latencies(0));
        await().atMost(Duration.ofSeconds(2)).until(() -> server.outcomePosts.size() == 2);
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(290).toNanos(), "the rest waited its interval");
        assertEquals(List.of(3.0), latencies(1));
        await().atMost(Duration.ofSeconds(2)).until(() -> reporter.sent() == 4);
        assertEquals(0, reporter.pending());
    }

    @Test
    void retries429And503WithTheSameBatchIdHonouringRetryAfterAndCountsOnce() {
        server.outcomeRefusals.add(new FakeTightrope.Refusal(429, "1"));
        server.outcomeRefusals.add(new FakeTightrope.Refusal(503, "0"));
        start(100, 500, Duration.ofMillis(50), 6);
        long started = System.nanoTime();
        reporter.report(outcome(1));
        reporter.report(outcome(2));
        assertTrue(reporter.flush(Duration.ofSeconds(5)));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(990).toNanos(), "waited as Retry-After said");
        assertEquals(3, server.outcomePosts.size());
        assertEquals(1, server.outcomePosts.stream().map(FakeTightrope.OutcomePost::batchId).distinct().count(),
                "one batchId for every attempt");
        assertEquals(List.of(2L, 2L, 0L), List.of(reporter.sent(), reporter.retries(), reporter.failed()));
    }

    @Test
    void doesNotRetryABatchRefusedForItsContentAndCountsRejectedLines() {
        server.outcomeRefusals.add(new FakeTightrope.Refusal(400, null));
        start(100, 500, Duration.ofMillis(50), 6);
        reporter.report(outcome(1));
        assertTrue(reporter.flush(Duration.ofSeconds(5)));
        assertEquals(List.of(1, 1L, 0L), List.of(server.outcomePosts.size(), reporter.failed(), reporter.retries()));
        assertTrue(errors.get(0).getMessage().contains("VALIDATION (HTTP 400)"), errors.get(0).getMessage());
        reporter.report(outcome(-1));
        reporter.report(outcome(5));
        assertTrue(reporter.flush(Duration.ofSeconds(5)));
        assertEquals(List.of(1L, 1L), List.of(reporter.sent(), reporter.rejected()));
        assertTrue(errors.get(1).getMessage().contains("rejected 1 outcome(s); line 1: VALIDATION"));
    }

    @Test
    void givesUpAfterMaxAttemptsWhileTheServerIsAwayAndNeverBlocks() throws IOException {
        start(10_000, 500, Duration.ofMillis(20), 3);
        server.close();
        long started = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            reporter.report(outcome(i));
        }
        assertTrue(System.nanoTime() - started < Duration.ofMillis(200).toNanos(), "report() returns at once");
        assertTrue(reporter.flush(Duration.ofSeconds(10)));
        assertEquals(1_000, reporter.failed());
        assertEquals(4, reporter.retries(), "two batches, two retries each");
        assertTrue(errors.stream().allMatch(e -> e.getMessage().startsWith("sending an outcome batch failed")));
        server.restart();
    }

    @Test
    void dropsAndCountsBeyondTheQueueSizeAndAfterClose() {
        start(5, 500, Duration.ofSeconds(10), 6);
        List<Boolean> results = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(reporter.report(outcome(i)));
        }
        assertEquals(List.of(true, true, true, true, true, false, false, false), results);
        assertEquals(3, reporter.dropped());
        assertTrue(reporter.close(Duration.ofSeconds(2)), "close flushes");
        assertEquals(5, server.outcomePosts.get(0).lines().size());
        assertFalse(reporter.report(outcome(9)));
        assertEquals(4, reporter.dropped());
    }

    @Test
    void aDeduplicatedAnswerCountsTheWholeBatchAsSent() {
        reporter = new OutcomeReporter((ndjson, batchId) -> new OutcomesAnswer(0, List.of(), true),
                new OutcomeReporter.Settings(10, 10, Duration.ofMillis(10), 6, fastBackoff(), Duration.ofSeconds(1)),
                Clock.systemUTC(), errors::add, "test-outcomes");
        reporter.report(outcome(1));
        reporter.report(outcome(2));
        assertTrue(reporter.close(Duration.ofSeconds(1)));
        assertEquals(2, reporter.sent());
    }

    @Test
    void closeGivesUpWhatItCouldNotSendInTimeAndCountsIt() {
        reporter = new OutcomeReporter((ndjson, batchId) -> {
            throw new IOException("network down");
        }, new OutcomeReporter.Settings(10, 10, Duration.ofMillis(10), 6,
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)), Duration.ofSeconds(1)), Clock.systemUTC(),
                errors::add, "test-outcomes");
        reporter.report(outcome(1));
        long started = System.nanoTime();
        assertFalse(reporter.close(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "close did not wait the backoff");
        assertEquals(1, reporter.failed());
    }

    private OutcomeReporter start(int batchSize, int maxBatchBytes) {
        Transport transport = new Transport(HttpClient.newHttpClient(), URI.create(server.url()), FakeTightrope.TOKEN,
                "support-bot", "production", Duration.ofSeconds(2), Clock.systemUTC());
        reporter = new OutcomeReporter(transport::postOutcomes, new OutcomeReporter.Settings(100, batchSize,
                Duration.ofSeconds(30), 3, fastBackoff(), Duration.ofSeconds(30), maxBatchBytes), Clock.systemUTC(),
                errors::add, "test-outcomes");
        return reporter;
    }

    @Test
    void cutsBatchesBySizeToo() {
        start(100, 1_000);
        for (int i = 0; i < 30; i++) {
            reporter.report(outcome(i));
        }
        assertTrue(reporter.flush(Duration.ofSeconds(5)));
        assertEquals(30, reporter.sent());
        assertTrue(server.outcomePosts.size() > 3, server.outcomePosts.size() + " posts");
        List<Double> all = new ArrayList<>();
        for (int post = 0; post < server.outcomePosts.size(); post++) {
            all.addAll(latencies(post));
        }
        assertEquals(IntStream.range(0, 30).mapToObj(i -> (double) i).collect(Collectors.toList()), all);
        assertEquals(List.of(), server.tooLarge);
    }

    @Test
    void splitsABatchRefusedAsTooLargeAndGivesUpAnOutcomeTooLargeAlone() {
        server.maxOutcomeBytes = 1_500;
        start(50, OutcomeReporter.MAX_BATCH_BYTES);
        for (int i = 0; i < 10; i++) {
            reporter.report(outcome(i));
        }
        Outcome.Builder huge = Outcome.success(DECISION, 99);
        for (int i = 0; i < 60; i++) {
            huge.toolCall("tool_" + i, OutcomeStatus.SUCCESS, 1);
        }
        reporter.report(huge.build());
        assertTrue(reporter.flush(Duration.ofSeconds(5)));
        assertEquals(List.of(10L, 1L), List.of(reporter.sent(), reporter.failed()));
        assertTrue(server.tooLarge.size() >= 2, "the whole batch, then the big one alone: " + server.tooLarge);
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("HTTP 413")), errors.toString());
    }

    @Test
    void refusesANullOutcomeAtOnce() {
        start(10, 10, Duration.ofSeconds(30), 3);
        assertThrows(NullPointerException.class, () -> reporter.report(null));
        assertEquals(0, reporter.pending());
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new OutcomeReporter.Settings(0, 1, Duration.ofSeconds(1),
                1, fastBackoff(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new OutcomeReporter.Settings(1, 10_001,
                Duration.ofSeconds(1), 1, fastBackoff(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new OutcomeReporter.Settings(1, 1, Duration.ZERO, 1,
                fastBackoff(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new OutcomeReporter.Settings(1, 1, Duration.ofSeconds(1),
                1, fastBackoff(), Duration.ZERO, 0));
    }
}
