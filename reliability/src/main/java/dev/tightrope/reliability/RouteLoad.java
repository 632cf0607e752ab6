package dev.tightrope.reliability;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * route() on one instance with a fresh routing key every {@code pauseMillis}, one request at a time: how many were
 * answered, how many failed (by outcome), and which generations they answered with.
 */
final class RouteLoad implements AutoCloseable {

    final Api api;
    private final String agent;
    private final long pauseMillis;
    private final Thread thread;
    private final long hardDeadline;
    final AtomicLong answered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    final Set<Long> generations = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    RouteLoad(Api api, String agent, long pauseMillis, long maxSeconds) {
        this.api = api;
        this.agent = agent;
        this.pauseMillis = pauseMillis;
        this.hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        this.thread = new Thread(this::run, "route-load-" + api.name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running && System.nanoTime() < hardDeadline) {
            try {
                Api.Answer answer = api.graphql(RoutePoller.ROUTE, Map.of("agent", agent, "environment",
                        Fixtures.ENV, "routingKey", "key-" + UUID.randomUUID()));
                if (answer.ok()) {
                    answered.incrementAndGet();
                    generations.add(answer.data("route").path("generation").asLong());
                } else {
                    fail(answer.outcome());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                fail(e.getClass().getSimpleName());
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fail(String outcome) {
        failed.incrementAndGet();
        failures.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** Answered and failed so far. */
    long[] counts() {
        return new long[] {answered.get(), failed.get()};
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
