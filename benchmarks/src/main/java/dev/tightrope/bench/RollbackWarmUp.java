package dev.tightrope.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * Decides when the untimed rollback iterations of B and C have warmed the server: after at least
 * {@code --rollback-warmup} iterations, at the end of a window of {@value #WINDOW} iterations in which the server's JIT
 * compiler threads used less than 2 % of one core; at the latest after {@code --rollback-warmup-max} iterations or
 * {@code --rollback-warmup-seconds}. Without the server's pid (no /proc view) only the minimum counts.
 *
 * <p>Why: right after startup C2 compiles the server's code, on the same two cores, for minutes: the first hundred
 * rollbacks then measure the compiler as much as the rollback. Phase A waits for the same signal.
 *
 * <p>With {@code --rollback-warmup-with other-traffic} the windows are made of what a server in use serves besides
 * traffic changes, a dashboard's deployment query and a runtime's acknowledgeConfig, and only the minimum number of
 * rollbacks follows: the code only traffic changes run is then as cold as on a server that has not rolled back in a
 * long time, while the GraphQL engine, HTTP and database client paths are as warm as on any server in use.
 */
final class RollbackWarmUp {

    static final int WINDOW = 20;
    private static final double QUIET_SHARE = 0.02;

    private final CpuSampler cpu;
    private final Api api;
    private final String agent;
    private final String environment;
    private final boolean otherTraffic;
    private final int min;
    private final int max;
    private final long deadline;
    private final StringBuilder shares = new StringBuilder();
    private Api runtime;
    private int done;
    private int rollbacks;
    private int failures;
    private String firstFailure;
    private double compilerAtWindowStart;
    private long windowStart;
    private boolean settled;

    RollbackWarmUp(CpuSampler cpu, Options options, Api api, String agent) {
        this.cpu = cpu;
        this.api = api;
        this.agent = agent;
        this.environment = options.environment;
        this.otherTraffic = options.warmUpWithOtherTraffic;
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
        while (needsMore()) {
            if (otherTraffic) {
                untimed(this::otherTraffic, null);
            } else {
                untimed(() -> loop.run(rollbacks++), loop);
            }
            iterationDone();
        }
        while (otherTraffic && rollbacks < min) {
            untimed(() -> loop.run(rollbacks++), loop);
        }
        return firstFailure;
    }

    /** Runs one untimed step; a failure is counted (the first one kept) and a failed rollback recovered from. */
    private void untimed(Step step, RollbackLoop recovering) {
        try {
            step.run();
        } catch (Exception e) {
            failures++;
            firstFailure = firstFailure == null ? e.toString() : firstFailure;
            if (recovering != null) {
                recovering.recover();
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** One dashboard read and one runtime acknowledgement of the current generation, through the GraphQL engine. */
    private void otherTraffic() {
        if (runtime == null) {
            runtime = api.as(api.createRuntimeToken("bench-warm-up-" + agent + "-" + System.nanoTime()));
        }
        JsonObject deployment = api.call(Api.DEPLOYMENT_HISTORY,
                new JsonObject().put("agent", agent).put("environment", environment)).getJsonObject("deployment");
        runtime.call(Api.ACKNOWLEDGE, new JsonObject().put("agent", agent).put("environment", environment)
                .put("generation", deployment.getInteger("generation")).put("runtimeId", "bench-warm-up"));
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
        if ((otherTraffic || done >= min) && (Double.isNaN(share) || share < QUIET_SHARE)) {
            settled = true;
        }
    }

    /** Rollback iterations run so far (the timed ones continue from here). */
    int done() {
        return rollbacks;
    }

    /** One line for the report: how many untimed iterations ran and what the JIT did meanwhile. */
    String summary() {
        return String.format(Locale.ROOT, "warm-up: %d untimed %s, JIT compiler share of a core per %d: %s%s%s",
                done, otherTraffic ? "query + acknowledgeConfig pairs" : "rollback iterations", WINDOW,
                shares.length() == 0 ? "n/a" : shares, settled ? " (settled)" : " (not settled)",
                otherTraffic ? "; then " + rollbacks + " untimed rollback iterations" : "");
    }
}
