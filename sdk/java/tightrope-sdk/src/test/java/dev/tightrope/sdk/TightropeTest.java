package dev.tightrope.sdk;

import static dev.tightrope.sdk.testing.FakeTightrope.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tightrope.sdk.json.Json;
import dev.tightrope.sdk.outcomes.Outcome;
import dev.tightrope.sdk.outcomes.OutcomeStatus;
import dev.tightrope.sdk.routing.Arm;
import dev.tightrope.sdk.routing.Decision;
import dev.tightrope.sdk.testing.FakeTightrope;
import dev.tightrope.sdk.testing.MutableClock;

/** The client against the fake server: streaming, reconnects, polling, fail-static, the file cache, outcomes. */
class TightropeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeTightrope server;
    private final List<Tightrope> clients = new ArrayList<>();
    private final List<TightropeException> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = FakeTightrope.start();
    }

    @AfterEach
    void closeEverything() {
        clients.forEach(client -> client.close(Duration.ofSeconds(2)));
        server.close();
    }

    private TightropeOptions.Builder options() {
        return Tightrope.builder().url(server.url()).token(FakeTightrope.TOKEN).agent("support-bot")
                .runtimeId("pod-1").backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)))
                .pollInterval(Duration.ofMillis(50)).outcomeFlushInterval(Duration.ofMillis(50)).logger(null)
                .waitForConfig(WAIT);
    }

    private Tightrope connect(UnaryOperator<TightropeOptions.Builder> tweak) {
        TightropeOptions options = tweak.apply(options()).build();
        Tightrope client = Tightrope.create(options.toBuilder().start(false).build());
        clients.add(client);
        client.onError(errors::add); // before it starts, so that no error is missed
        client.start();
        try {
            client.awaitReady(options.waitForConfig());
        } catch (NotReadyException e) {
            // as connect() does: some tests start without a configuration
        }
        return client;
    }

    @Test
    void startsWithTheCurrentConfigurationRoutesLocallyAndAcknowledges() {
        server.current = config(3, 100, "salt-1", 2);
        Tightrope client = connect(o -> o);
        assertEquals(3, client.generation().orElseThrow());
        Decision decision = client.route("user-42");
        assertEquals(List.of(Arm.CANARY, 2, 3L, "7", "user-42"), List.of(decision.arm(), decision.version(),
                decision.generation(), decision.rolloutId().orElseThrow(), decision.routingKey().orElseThrow()));
        assertEquals(Map.of("system", "prompt v2"), decision.prompt());
        assertEquals("gpt-4o", decision.model().get("modelId"));
        await().atMost(WAIT).until(() -> server.acks.size() == 1);
        assertEquals(List.of(Map.of("generation", 3L, "runtimeId", "pod-1")), server.acks);
        await().atMost(WAIT).until(() -> client.acknowledgedGeneration() == 3);
        assertEquals(FakeTightrope.BASE + "/config/stream?runtimeId=pod-1", server.streamRequests.get(0).url());
        assertNull(server.streamRequests.get(0).lastEventId());
        assertTrue(client.staleness().orElseThrow().compareTo(WAIT) < 0);
        assertTrue(client.lastUpdated().isPresent());
        assertEquals(SyncMode.STREAM, client.mode());
        assertEquals(List.of(), errors);
    }

    @Test
    void followsEveryChangeTellsItsListenersAndResumesWithLastEventId() {
        Tightrope client = connect(o -> o);
        List<Long> changes = new CopyOnWriteArrayList<>();
        client.onConfigChanged(config -> changes.add(config.generation()));
        server.publish(config(2, 5, "salt-1", 2));
        await().atMost(WAIT).until(() -> client.generation().orElseThrow() == 2);
        assertEquals(Arm.STABLE, client.route("user-42").arm(), "bucket 6180 >= 500");
        server.publish(config(3, 62, "salt-1", 2));
        await().atMost(WAIT).until(() -> client.route("user-42").arm() == Arm.CANARY); // 6180 < 6200
        server.dropStreams();
        await().atMost(WAIT).until(() -> server.streamRequests.size() == 2);
        assertEquals("3", server.streamRequests.get(1).lastEventId());
        await().atMost(WAIT).until(() -> server.openStreams() == 1);
        server.publish(config(4));
        await().atMost(WAIT).until(() -> client.acknowledgedGeneration() == 4);
        assertEquals(List.of(2L, 3L, 4L), changes);
        assertTrue(client.reconnects() >= 1);
    }

    @Test
    void reportsStalenessByItsClockAndTellsTheStaleListenersOnce() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Tightrope client = connect(o -> o.clock(clock).staleAfter(Duration.ofSeconds(60)));
        List<Duration> stale = new CopyOnWriteArrayList<>();
        client.onStale(stale::add);
        assertEquals(Duration.ZERO, client.staleness().orElseThrow());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Duration.ofSeconds(59), client.staleness().orElseThrow());
        clock.advance(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> stale.size() == 1);
        assertEquals(Duration.ofSeconds(61), stale.get(0));
        clock.advance(Duration.ofSeconds(30));
        server.sendHeartbeat();
        await().atMost(WAIT).until(() -> client.staleness().orElseThrow().isZero());
        assertEquals(1, stale.size(), "once until confirmed again");
        clock.advance(Duration.ofSeconds(61));
        await().atMost(WAIT).until(() -> stale.size() == 2);
    }

    @Test
    void countsASilentStreamAsLostAndReopensIt() {
        Tightrope client = connect(o -> o.streamReadTimeout(Duration.ofMillis(150)));
        await().atMost(WAIT).until(() -> server.streamRequests.size() >= 2);
        assertEquals("1", server.streamRequests.get(1).lastEventId());
        assertEquals(SyncMode.STREAM, client.mode());
        await().atMost(WAIT).until(() -> errors.stream().anyMatch(e -> e.getMessage().contains("silent for 150 ms")));
    }

    @Test
    void aReconnectThatFailsAfterASilentStreamIsNotReportedAsSilent() {
        connect(o -> o.streamReadTimeout(Duration.ofMillis(150)).streamFailuresBeforePolling(1_000));
        server.streamRefusals = 1_000; // the stream open now goes silent; every reopening is refused
        await().atMost(WAIT).until(() -> errors.stream().anyMatch(e -> e.getMessage().contains("silent for 150 ms")));
        await().atMost(WAIT).until(() -> errors.stream().filter(e -> e.getMessage().contains(
                "opening the configuration stream failed")).count() >= 3);
        assertEquals(1, errors.stream().filter(e -> e.getMessage().contains("silent")).count(), errors.toString());
    }

    @Test
    void fallsBackToPollingWithIfNoneMatchWhenTheStreamKeepsFailingAndGoesBackToTheStream() {
        server.streamRefusals = 1_000;
        Tightrope client = connect(o -> o.streamFailuresBeforePolling(3).streamRetryInterval(Duration.ofMillis(400)));
        assertEquals(1, client.generation().orElseThrow(), "the first poll brought the configuration");
        assertTrue(server.streamRequests.size() >= 3);
        await().atMost(WAIT).until(() -> server.configRequests.contains("\"1\""));
        assertEquals(SyncMode.POLL, client.mode());
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("UNAVAILABLE (HTTP 503)")), "told");
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("failed 3 times in a row; polling")));
        server.current = config(5);
        await().atMost(WAIT).until(() -> client.generation().orElseThrow() == 5);
        await().atMost(WAIT).until(() -> server.acks.stream().anyMatch(a -> a.get("generation").equals(5L)));
        server.streamRefusals = 0;
        await().atMost(WAIT).until(() -> client.mode() == SyncMode.STREAM && server.openStreams() == 1);
        assertEquals("5", server.streamRequests.get(server.streamRequests.size() - 1).lastEventId());
    }

    @Test
    void whilePollingKeepsTryingTheStreamWithTheBackoffNotOnlyAfterStreamRetryInterval() {
        server.streamRefusals = 5;
        Tightrope client = connect(o -> o.streamFailuresBeforePolling(3).pollInterval(Duration.ofMinutes(1)));
        await().atMost(WAIT).until(() -> client.mode() == SyncMode.STREAM && server.openStreams() == 1);
        assertEquals(6, server.streamRequests.size());
        server.publish(config(7));
        await().atMost(Duration.ofSeconds(2)).until(() -> client.generation().orElseThrow() == 7);
    }

    @Test
    void reportOfNullThrowsAtOnceAndLeavesTheBatchAlone() {
        Tightrope client = connect(o -> o);
        NullPointerException refused = assertThrows(NullPointerException.class, () -> client.report(null));
        assertTrue(refused.getMessage().contains("report() needs an outcome"), refused.getMessage());
        assertTrue(client.report(Outcome.success(client.route("k"), 5).build()));
        assertTrue(client.outcomes().flush(WAIT));
        assertEquals(List.of(1L, 0L), List.of(client.outcomes().sent(), client.outcomes().failed()));
    }

    @Test
    void servesTheLastConfigurationWhileTheServerIsAwayAndCatchesUpWhenItIsBack() throws IOException {
        server.current = config(2, 100, "salt-1", 2);
        Tightrope client = connect(o -> o.streamFailuresBeforePolling(1_000));
        server.close();
        for (int i = 0; i < 100; i++) {
            assertEquals(2, client.route("someone-" + i).version());
        }
        long reconnects = client.reconnects();
        await().atMost(WAIT).until(() -> client.reconnects() >= reconnects + 2);
        assertEquals(SyncMode.STREAM, client.mode());
        server.current = config(3);
        server.restart();
        await().atMost(WAIT).until(() -> client.generation().orElseThrow() == 3);
        assertEquals(1, client.route("someone").version());
        assertEquals("2", server.streamRequests.get(server.streamRequests.size() - 1).lastEventId());
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().startsWith("opening the configuration stream failed")));
    }

    @Test
    void writesTheFileCacheAtomicallyAndServesFromItAtStartWhileTheServerIsAway(@TempDir Path folder) throws IOException {
        Path cache = folder.resolve("nested").resolve("support-bot.json");
        server.current = config(6, 100, "salt-1", 2);
        Tightrope first = connect(o -> o.cacheFile(cache));
        await().atMost(WAIT).until(() -> Files.exists(cache));
        first.close();
        assertEquals(6L, Json.parseObject(Files.readString(cache, StandardCharsets.UTF_8)).get("generation"));
        try (var leftovers = Files.list(cache.getParent())) {
            assertEquals(List.of(cache), leftovers.toList(), "no temporary file left");
        }
        server.close();
        long started = System.nanoTime();
        Tightrope offline = connect(o -> o.cacheFile(cache).waitForConfig(Duration.ofSeconds(3)));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "no wait with a cached config");
        assertEquals(6, offline.generation().orElseThrow());
        assertEquals(2, offline.route("anyone").version());
        assertTrue(offline.staleness().isEmpty(), "never confirmed by the server");
    }

    @Test
    void ignoresACacheFileOfAnotherDeploymentOrThatIsNotAConfiguration(@TempDir Path folder) throws IOException {
        server.close();
        Path other = folder.resolve("other.json");
        Map<String, Object> someoneElse = new java.util.LinkedHashMap<>(config(9));
        someoneElse.put("agent", "billing-bot");
        Files.writeString(other, Json.write(someoneElse));
        Path broken = folder.resolve("broken.json");
        Files.writeString(broken, "{\"generation\":");
        for (Path path : List.of(other, broken)) {
            Tightrope client = connect(o -> o.cacheFile(path).waitForConfig(Duration.ofMillis(50)));
            assertTrue(client.generation().isEmpty(), path.toString());
        }
    }

    @Test
    void saysSoWhenNoConfigurationIsKnownAtAll() {
        server.current = null;
        Tightrope client = connect(o -> o.waitForConfig(Duration.ofMillis(50)));
        assertThrows(NotReadyException.class, () -> client.route("k"));
        NotReadyException late = assertThrows(NotReadyException.class, () -> client.awaitReady(Duration.ofMillis(50)));
        assertEquals("no routing configuration of support-bot/production within 50 ms", late.getMessage());
        server.current = config(1);
        assertEquals(1, client.awaitReady(WAIT).generation().orElseThrow(), "arrives by polling or the stream");
    }

    @Test
    void throwsClearErrorsForBadOptionsAndOnlyForThose() {
        assertOption("Tightrope: url is required (e.g. http://localhost:8080)", o -> o.url(""));
        assertOption("Tightrope: url must be an http:// or https:// URL with a host (and no query), was 'ftp://x'",
                o -> o.url("ftp://x"));
        assertOption("Tightrope: url must be an http:// or https:// URL, was 'not a url'", o -> o.url("not a url"));
        assertOption("Tightrope: token is required (a RUNTIME API token, tr_…)", o -> o.token(" "));
        assertOption("Tightrope: agent must be a slug (2 to 63 lower-case letters, digits and '-', starting with a "
                + "letter or digit), was 'Support_Bot'", o -> o.agent("Support_Bot"));
        assertOption("Tightrope: environment must be a slug (2 to 63 lower-case letters, digits and '-', starting "
                + "with a letter or digit), was 'x'", o -> o.environment("x"));
        assertOption("Tightrope: timeout must be a positive duration, was PT0S", o -> o.timeout(Duration.ZERO));
        assertOption("Tightrope: runtimeId must have 1 to 200 characters, had 201", o -> o.runtimeId("r".repeat(201)));
        assertOption("Tightrope: outcomeBatchSize must be at most 10 000 (the server's limit), was 10001",
                o -> o.outcomeBatchSize(10_001));
        TightropeOptions fine = options().url(server.url() + "/").build();
        assertEquals(server.url(), fine.url().toString(), "a trailing slash is dropped");
        assertTrue(Tightrope.builder().url("https://tightrope.example").token("t").agent("ab").build().runtimeId()
                .matches(".+-\\d+-[0-9a-f]{8}"));
    }

    @Test
    void reportsOutcomesOfDecisionsWithTheDecisionsFields() {
        server.current = config(2, 100, "salt-1", 2);
        Tightrope client = connect(o -> o);
        Decision decision = client.route("user-42");
        assertTrue(client.report(Outcome.success(decision, 1200).taskCompleted(true).costUsd(0.004)
                .toolCall("lookup_order", OutcomeStatus.SUCCESS, 20).build()));
        assertTrue(client.outcomes().flush(WAIT));
        Map<String, Object> line = server.outcomePosts.get(0).lines().get(0);
        assertEquals(List.of("support-bot", "production", 2L, "CANARY", 2L, "7", "user-42", "SUCCESS", 1200.0, true),
                List.of(line.get("agent"), line.get("environment"), line.get("version"), line.get("arm"),
                        line.get("generation"), line.get("rolloutId"), line.get("routingKey"), line.get("status"),
                        line.get("latencyMs"), line.get("taskCompleted")));
        assertTrue(((String) line.get("occurredAt")).endsWith("Z"));
        assertFalse(line.containsKey("evalScore"));
        assertEquals(1, client.outcomes().sent());
    }

    @Test
    void retriesAFailedAcknowledgement() {
        server.ackRefusals = 2;
        Tightrope client = connect(o -> o);
        await().atMost(WAIT).until(() -> client.acknowledgedGeneration() == 1);
        assertEquals(List.of(Map.of("generation", 1L, "runtimeId", "pod-1")), server.acks);
        assertEquals(1, client.acknowledged());
    }

    @Test
    void routesKeylessRequestsAtRandomByWeight() {
        server.current = config(2, 25, "salt-1", 2);
        Tightrope client = connect(o -> o.random(new java.util.SplittableRandom(7)));
        int canary = 0;
        for (int i = 0; i < 10_000; i++) {
            canary += client.route().arm() == Arm.CANARY ? 1 : 0;
        }
        assertTrue(canary > 2_300 && canary < 2_700, canary + " of 10 000 at 25 %");
    }

    @Test
    void closeEndsTheStreamAndClosingTwiceIsFine() {
        Tightrope client = connect(o -> o);
        await().atMost(WAIT).until(() -> server.openStreams() == 1);
        client.close();
        await().atMost(WAIT).until(() -> {
            server.sendHeartbeat(); // a write to a closed connection fails: the fake then forgets the stream
            return server.openStreams() == 0;
        });
        assertTrue(client.close(Duration.ofSeconds(1)));
        assertFalse(client.report(Outcome.success(client.route("k"), 1).build()), "closed: dropped");
        assertEquals(1, client.outcomes().dropped());
    }

    @Test
    void aListenerThatThrowsIsReportedAndTheClientGoesOn() {
        Tightrope client = connect(o -> o);
        client.onConfigChanged(config -> {
            throw new IllegalStateException("listener bug");
        });
        server.publish(config(2));
        await().atMost(WAIT).until(() -> errors.stream().anyMatch(e -> e.getMessage().contains("listener bug")));
        server.publish(config(3));
        await().atMost(WAIT).until(() -> client.generation().orElseThrow() == 3);
    }

    private void assertOption(String message, UnaryOperator<TightropeOptions.Builder> tweak) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> tweak.apply(options()).build());
        assertEquals(message, refused.getMessage());
    }
}
