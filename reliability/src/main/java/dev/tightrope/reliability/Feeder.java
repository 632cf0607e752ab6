package dev.tightrope.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A simulated agent runtime: every tick it routes a few requests with fresh routing keys through {@code route()} and
 * reports their outcomes as one NDJSON batch ({@code POST /api/v1/outcomes?batchId=…}), taking turns between the
 * instances and falling back to the other one when an instance does not answer. A batch that was not answered 2xx
 * is kept and sent again, with the same batch id, at later ticks and at {@link #drain}. So every batch ends
 * acknowledged, and the outcomes stored must be exactly the outcomes of all batches: none lost, none counted twice.
 */
final class Feeder implements AutoCloseable {

    /** One batch and what became of it. */
    static final class Batch {
        final String id;
        final String lines;
        final int size;
        volatile boolean acknowledged;
        volatile int attempts;

        Batch(String id, String lines, int size) {
            this.id = id;
            this.lines = lines;
            this.size = size;
        }
    }

    private final List<Api> apis;
    private final String agent;
    private final int perTick;
    private final long tickMillis;
    private final Thread thread;
    private final long hardDeadline;
    private final List<Batch> batches = new ArrayList<>();
    private final List<Batch> pending = new ArrayList<>();
    /** Answers to batch posts by outcome ("OK", "UNAVAILABLE", "HTTP 503", "IOException", …). */
    final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    final AtomicLong routeFailures = new AtomicLong();
    final AtomicLong retryAfterHeaders = new AtomicLong();
    final AtomicLong deduplicated = new AtomicLong();
    private volatile boolean running = true;
    private long tick;

    Feeder(List<Api> apis, String agent, int perTick, long tickMillis, long maxSeconds) {
        this.apis = apis;
        this.agent = agent;
        this.perTick = perTick;
        this.tickMillis = tickMillis;
        this.hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        this.thread = new Thread(this::run, "feeder-" + agent);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running && System.nanoTime() < hardDeadline) {
            long started = System.nanoTime();
            try {
                Batch batch = next();
                if (batch != null) {
                    synchronized (this) {
                        batches.add(batch);
                        pending.add(batch);
                    }
                }
                sendPending(8);
                long left = tickMillis - (System.nanoTime() - started) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Routes perTick requests and makes their batch; null when no instance could route. */
    private Batch next() throws InterruptedException {
        StringBuilder lines = new StringBuilder();
        int size = 0;
        Api api = apis.get((int) (tick++ % apis.size()));
        for (int i = 0; i < perTick; i++) {
            String key = "user-" + UUID.randomUUID();
            JsonNode route = route(api, key);
            if (route == null) {
                api = apis.get((int) (tick++ % apis.size()));
                route = route(api, key);
            }
            if (route == null) {
                continue;
            }
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("agent", agent);
            outcome.put("environment", Fixtures.ENV);
            outcome.put("version", route.path("version").asInt());
            outcome.put("arm", route.path("arm").asText());
            outcome.put("generation", route.path("generation").asLong());
            outcome.put("routingKey", key);
            outcome.put("occurredAt", Instant.now().toString());
            outcome.put("status", "SUCCESS");
            outcome.put("taskCompleted", true);
            outcome.put("latencyMs", 80 + ThreadLocalRandom.current().nextInt(40));
            outcome.put("costUsd", 0.001);
            outcome.put("inputTokens", 100);
            outcome.put("outputTokens", 50);
            try {
                lines.append(Api.JSON.writeValueAsString(outcome)).append('\n');
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            size++;
        }
        return size == 0 ? null : new Batch("rel-" + UUID.randomUUID(), lines.toString(), size);
    }

    private JsonNode route(Api api, String key) throws InterruptedException {
        try {
            Api.Answer answer = api.graphql(RoutePoller.ROUTE, Map.of("agent", agent, "environment", Fixtures.ENV,
                    "routingKey", key));
            if (answer.ok()) {
                return answer.data("route");
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception ignored) {
            // the instance is down: the caller tries the other one
        }
        routeFailures.incrementAndGet();
        return null;
    }

    /** Sends up to {@code max} unacknowledged batches, oldest first; true when none is left. */
    private boolean sendPending(int max) throws InterruptedException {
        List<Batch> now;
        synchronized (this) {
            now = new ArrayList<>(pending.subList(0, Math.min(max, pending.size())));
        }
        for (Batch batch : now) {
            Api api = apis.get(batch.attempts % apis.size());
            batch.attempts++;
            String outcome;
            try {
                Api.Answer answer = api.postNdjson("/api/v1/outcomes?batchId=" + batch.id, batch.lines);
                outcome = answer.status() / 100 == 2 ? "OK" : "HTTP " + answer.status() + " " + answer.outcome();
                if (answer.retryAfter() != null) {
                    retryAfterHeaders.incrementAndGet();
                }
                if (answer.status() / 100 == 2) {
                    if (answer.body().path("deduplicated").asBoolean()) {
                        deduplicated.incrementAndGet(); // stored by an earlier attempt whose answer was lost
                    } else if (answer.body().path("accepted").asInt() != batch.size) {
                        outcome = "PARTIAL";
                    }
                    batch.acknowledged = true;
                    synchronized (this) {
                        pending.remove(batch);
                    }
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName();
            }
            answers.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
        }
        synchronized (this) {
            return pending.isEmpty();
        }
    }

    /** Stops making batches and sends the unacknowledged ones until all are acknowledged or the time is up. */
    boolean drain(long maxSeconds) throws InterruptedException {
        close();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < end) {
            if (sendPending(50)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    synchronized long outcomesSent() {
        return batches.stream().mapToLong(batch -> batch.size).sum();
    }

    synchronized long outcomesAcknowledged() {
        return batches.stream().filter(batch -> batch.acknowledged).mapToLong(batch -> batch.size).sum();
    }

    synchronized int batchCount() {
        return batches.size();
    }

    synchronized List<String> acknowledgedBatchIds() {
        return batches.stream().filter(batch -> batch.acknowledged).map(batch -> batch.id).toList();
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    String answersSummary() {
        return new java.util.TreeMap<>(answers).toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
