package dev.tightrope.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * <b>D</b>: sustained outcome ingestion through {@code POST /api/v1/outcomes} (NDJSON) in batches, closed loop on N
 * connections, each batch with its own batchId; then the same payload sent to {@code POST /bench/outcomes-parse},
 * which only parses it (the parse-only ceiling); then the accepted outcomes are counted in the buckets
 * ({@code GET /bench/outcomes-count}) and must all be there. Targets: &ge; 150 000 outcomes/s with batch p99 &lt;
 * 50 ms, and at least half the parse-only rate.
 */
final class IngestPhase {

    private final Vertx vertx;
    private final Options options;
    private final CpuSampler cpu;
    private final String agent;

    IngestPhase(Vertx vertx, Options options, CpuSampler cpu, String agent) {
        this.vertx = vertx;
        this.options = options;
        this.cpu = cpu;
        this.agent = agent;
    }

    boolean run() throws Exception {
        Buffer batch = batch(options.ingestBatch);
        System.out.printf(Locale.ROOT, "%nD. outcome ingestion: batches of %d (%d bytes), %d connections, %d s per "
                + "target after %d s of warm-up%n", options.ingestBatch, batch.length(), options.ingestConnections,
                options.ingestSeconds, options.ingestWarmupSeconds);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(options.host)
                .setDefaultPort(options.port).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(options.ingestConnections));
        try {
            load(client, "/api/v1/outcomes?batchId=warm-", batch, options.ingestWarmupSeconds);
            Result ingest = load(client, "/api/v1/outcomes?batchId=run-", batch, options.ingestSeconds);
            Result parse = load(client, "/bench/outcomes-parse?x=", batch, options.ingestSeconds);
            long counted = count(client);
            long accepted = (ingest.batches.get() + warmedUp) * options.ingestBatch;
            double rate = ingest.batches.get() * options.ingestBatch / ingest.seconds;
            double ceiling = parse.batches.get() * options.ingestBatch / parse.seconds;
            System.out.println(Report.row("target", "batches", "outcomes/s", "p50 ms", "p99 ms", "max ms", "errors",
                    "srv cores"));
            for (Result r : new Result[] {ingest, parse}) {
                System.out.println(Report.row(r.name, Long.toString(r.batches.get()),
                        String.format(Locale.ROOT, "%.0f", r.batches.get() * options.ingestBatch / r.seconds),
                        Report.ms(r.latency, 50), Report.ms(r.latency, 99), Report.max(r.latency),
                        Long.toString(r.errors.get()), Report.fmt(r.serverCpuSeconds / r.seconds)));
            }
            boolean rateMet = rate >= 150_000;
            boolean latencyMet = ingest.latency.getValueAtPercentile(99) < 50_000;
            boolean ceilingMet = rate >= ceiling / 2;
            System.out.printf(Locale.ROOT, "ingested %.0f outcomes/s (target >= 150 000: %s), batch p99 %s ms "
                    + "(target < 50: %s), %.1f %% of the parse-only rate (target >= 50 %%: %s)%n", rate,
                    rateMet ? "MET" : "NOT MET", Report.ms(ingest.latency, 99), latencyMet ? "MET" : "NOT MET",
                    100 * rate / ceiling, ceilingMet ? "MET" : "NOT MET");
            System.out.printf(Locale.ROOT, "in the buckets: %d outcomes, accepted: %d: %s%n", counted, accepted,
                    counted == accepted ? "all there" : "MISMATCH");
            return counted == accepted && ingest.errors.get() == 0;
        } finally {
            client.close();
        }
    }

    private long warmedUp;

    private Result load(HttpClient client, String path, Buffer body, int seconds) throws Exception {
        Result result = new Result(path.startsWith("/bench") ? "parse-only" : "ingest");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong sequence = new AtomicLong();
        CountDownLatch done = new CountDownLatch(options.ingestConnections);
        CpuSampler.Sample before = cpu.sample();
        long started = System.nanoTime();
        for (int i = 0; i < options.ingestConnections; i++) {
            next(client, path, body, end, sequence, result, done);
        }
        if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ingest load did not finish");
        }
        result.seconds = (System.nanoTime() - started) / 1e9;
        result.serverCpuSeconds = cpu.sample().minus(before).server();
        if (path.contains("warm-")) {
            warmedUp = result.batches.get();
            System.out.printf(Locale.ROOT, "warm-up: %d batches%n", warmedUp);
        }
        return result;
    }

    private void next(HttpClient client, String path, Buffer body, long end, AtomicLong sequence, Result result,
            CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setURI(path + sequence.incrementAndGet() + "-" + agent)
                .putHeader("Content-Type", "application/x-ndjson")
                .putHeader("Authorization", "Bearer " + options.token);
        client.request(request).compose(r -> r.send(body)).compose(response -> response.body().map(answer -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + answer);
            }
            return answer;
        })).onComplete(outcome -> {
            result.latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
            if (outcome.succeeded()) {
                result.batches.incrementAndGet();
            } else if (result.errors.incrementAndGet() == 1) {
                System.out.println("  first error: " + outcome.cause().getMessage());
            }
            next(client, path, body, end, sequence, result, done);
        });
    }

    private long count(HttpClient client) throws Exception {
        return client.request(new RequestOptions().setURI("/bench/outcomes-count?agent=" + agent)
                        .putHeader("Authorization", "Bearer " + options.token))
                .compose(r -> r.send()).compose(r -> r.body())
                .map(body -> new JsonObject(body).getLong("outcomes"))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One NDJSON batch: the agent's stable version, a few statuses, latencies and tool calls, stamped now. */
    private Buffer batch(int size) {
        StringBuilder body = new StringBuilder(size * 260);
        String now = Instant.now().toString();
        for (int i = 0; i < size; i++) {
            JsonObject outcome = new JsonObject().put("agent", agent).put("environment", options.environment)
                    .put("version", 1).put("arm", "STABLE").put("routingKey", "user-" + i).put("occurredAt", now)
                    .put("status", i % 50 == 0 ? "ERROR" : "SUCCESS").put("taskCompleted", i % 6 != 0)
                    .put("latencyMs", 800 + (i * 37) % 3_000).put("costUsd", 0.002).put("inputTokens", 900)
                    .put("outputTokens", 200);
            if (i % 4 == 0) {
                outcome.put("toolCalls", new io.vertx.core.json.JsonArray().add(new JsonObject()
                        .put("tool", "lookup_order").put("status", i % 40 == 0 ? "ERROR" : "SUCCESS")
                        .put("latencyMs", 120)));
            }
            body.append(outcome.encode()).append('\n');
        }
        return Buffer.buffer(body.toString());
    }

    /** One target's run. */
    private static final class Result {
        final String name;
        final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
        final AtomicLong batches = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        double seconds;
        double serverCpuSeconds;

        Result(String name) {
            this.name = name;
        }
    }
}
