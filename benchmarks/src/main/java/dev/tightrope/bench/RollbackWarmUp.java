package dev.tightrope.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Decides when the untimed rollback iterations of B and C have warmed the server: after at least
 * {@code --rollback-warmup} iterations, at the end of a window of {@value #WINDOW} iterations in which the server's JIT
 * compiler threads used less than 2 % of one core; at the latest after {@code --rollback-warmup-max} iterations or
 * {@code --rollback-warmup-seconds}. Without the server's pid (no /proc view) only the minimum counts.
 *
 * <p>Why: a traffic change runs code that little else runs (the GraphQL mutation path, the transaction, the table
 * switch), so right after startup C2 is still compiling it, on the same two cores, for a minute or more: the first
 * hundred rollbacks then measure the compiler as much as the rollback. Phase A waits for the same signal.
 */
final class RollbackWarmUp {

    static final int WINDOW = 20;
    private static final double QUIET_SHARE = 0.02;

    private final CpuSampler cpu;
    private final int min;
    private final int max;
    private final long deadline;
    private final StringBuilder shares = new StringBuilder();
    private int done;
    private int failures;
    private double compilerAtWindowStart;
    private long windowStart;
    private boolean settled;

    RollbackWarmUp(CpuSampler cpu, Options options) {
        this.cpu = cpu;
        this.min = options.rollbackWarmup;
        this.max = Math.max(options.rollbackWarmup, options.rollbackWarmupMax);
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.rollbackWarmupSeconds);
        this.compilerAtWindowStart = cpu.compilerSeconds();
        this.windowStart = System.nanoTime();
    }

    /**
     * Runs the untimed iterations (indices 0, 1, …; the timed ones continue from {@link #done()}).
     *
     * @return the first failure of an untimed iteration, or null; each failed one was recovered from
     */
    String run(RollbackLoop loop) {
        String firstFailure = null;
        while (needsMore()) {
            try {
                loop.run(done);
            } catch (Exception e) {
                failures++;
                firstFailure = firstFailure == null ? e.toString() : firstFailure;
                loop.recover();
            }
            iterationDone();
        }
        return firstFailure;
    }

    /** Untimed iterations that failed. */
    int failures() {
        return failures;
    }

    /** Whether another untimed iteration is needed. */
    boolean needsMore() {
        return !settled && done < max && (done < min || System.nanoTime() < deadline);
    }

    /** Counts one untimed iteration (whether it succeeded or not). */
    void iterationDone() {
        done++;
        if (done % WINDOW != 0) {
            return;
        }
        double compiler = cpu.compilerSeconds();
        long now = System.nanoTime();
        double share = (compiler - compilerAtWindowStart) / ((now - windowStart) / 1e9);
        compilerAtWindowStart = compiler;
        windowStart = now;
        if (!Double.isNaN(share)) {
            shares.append(shares.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f%%", share * 100));
        }
        if (done >= min && (Double.isNaN(share) || share < QUIET_SHARE)) {
            settled = true;
        }
    }

    int done() {
        return done;
    }

    /** One line for the report: how many untimed iterations ran and what the JIT did meanwhile. */
    String summary() {
        return String.format(Locale.ROOT, "warm-up: %d untimed iterations, JIT compiler share of a core per %d "
                + "iterations: %s%s", done, WINDOW, shares.length() == 0 ? "n/a" : shares,
                settled ? " (settled)" : " (not settled)");
    }
}
