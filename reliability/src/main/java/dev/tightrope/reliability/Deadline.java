package dev.tightrope.reliability;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded waiting: every wait of the suite has a deadline. */
final class Deadline {

    private Deadline() {
    }

    /** Polls {@code condition} every {@code pollMillis} until it holds (true) or {@code max} has passed (false). */
    static boolean await(Duration max, long pollMillis, Callable<Boolean> condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception ignored) {
                // not yet: an instance restarting, a connection refused
            }
            if (System.nanoTime() >= end) {
                return false;
            }
            Thread.sleep(pollMillis);
        }
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
