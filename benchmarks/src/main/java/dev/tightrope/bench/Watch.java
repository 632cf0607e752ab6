package dev.tightrope.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;

/**
 * One timed rollback, seen by a fixed set of observers (B's route() pollers, C's WebSocket subscribers): done when
 * every observer has seen {@code version} at a generation above {@code after}. Each observer counts once, at the
 * first answer or message that shows it; observers report from any thread.
 */
final class Watch {

    final int version;
    final long after;
    final long startNanos;
    private final AtomicLongArray hitNanos;
    final CountDownLatch allHit;
    private final AtomicLong lastSentNanos = new AtomicLong();

    Watch(int version, long after, int observers, long startNanos) {
        this.version = version;
        this.after = after;
        this.startNanos = startNanos;
        this.hitNanos = new AtomicLongArray(observers);
        this.allHit = new CountDownLatch(observers);
    }

    void seen(int observer, int version, long generation, long nanos) {
        if (version == this.version && generation > after && hitNanos.compareAndSet(observer, 0, nanos)) {
            allHit.countDown();
        }
    }

    /**
     * An observer sent its answer to this rollback (an acknowledgement leaving on its connection): kept when it is
     * the last so far, so that {@link #lastHitNanos()} minus {@link #lastSentNanos()} is how long after the last
     * acknowledgement was sent all of them had been answered.
     */
    void sent(int version, long generation, long nanos) {
        if (version == this.version && generation > after) {
            lastSentNanos.accumulateAndGet(nanos, Math::max);
        }
    }

    long lastSentNanos() {
        return lastSentNanos.get();
    }

    long lastHitNanos() {
        long last = 0;
        for (int i = 0; i < hitNanos.length(); i++) {
            last = Math.max(last, hitNanos.get(i));
        }
        return last;
    }

    long firstHitNanos() {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < hitNanos.length(); i++) {
            first = Math.min(first, hitNanos.get(i));
        }
        return first;
    }

    /** Records every observer's delay since {@link #startNanos}, in microseconds, into {@code histogram}. */
    void recordEach(Histogram histogram) {
        for (int i = 0; i < hitNanos.length(); i++) {
            long nanos = hitNanos.get(i);
            if (nanos != 0) {
                histogram.recordValue(Math.min(LoadWorker.MAX_MICROS, Math.max(0, nanos - startNanos) / 1_000));
            }
        }
    }
}
