package dev.tightrope.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Something on an instance that shows the deployment's generation as it changes: route() polled without pause, the
 * SSE configuration stream, a configChanged WebSocket subscription. It records when it first saw each generation
 * (System.nanoTime) and what that generation served.
 */
abstract class Watcher implements AutoCloseable {

    /** What a generation served: the stable version and the canary's (null: none). */
    record Seen(long atNanos, int stable, Integer canary) {
    }

    final String name;
    private final TreeMap<Long, Seen> seen = new TreeMap<>();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();
    private volatile long latest = -1;
    volatile String lastError;

    Watcher(String name) {
        this.name = name;
    }

    /** Records a generation as seen now, unless it was seen before. */
    protected synchronized void saw(long generation, int stable, Integer canary) {
        if (!seen.containsKey(generation)) {
            seen.put(generation, new Seen(System.nanoTime(), stable, canary));
        }
        if (generation > latest) {
            latest = generation;
        }
    }

    protected void failed(String error) {
        errors.incrementAndGet();
        lastError = error;
    }

    long latest() {
        return latest;
    }

    /** When this watcher first saw the generation or a later one, and what; null when it has not. */
    synchronized Seen firstAtLeast(long generation) {
        Seen first = null;
        for (Map.Entry<Long, Seen> entry : seen.tailMap(generation, true).entrySet()) {
            if (first == null || entry.getValue().atNanos() < first.atNanos()) {
                first = entry.getValue();
            }
        }
        return first;
    }

    /** The generation exactly, or null. */
    synchronized Seen at(long generation) {
        return seen.get(generation);
    }

    @Override
    public abstract void close();
}
