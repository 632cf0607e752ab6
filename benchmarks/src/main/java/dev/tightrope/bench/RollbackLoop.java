package dev.tightrope.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * The rollback iterations of targets B and C. Iteration {@code i} first moves the deployment away from version 1,
 * untimed, and waits until every observer has caught up with that change; then it sends {@code rollback} over HTTP
 * and times how long each observer takes to see version 1 again:
 *
 * <ul>
 * <li>even {@code i}: {@code startRollout(version 2, --canary-weight)}, then {@code rollback}: the canary case,
 * all traffic returns to stable version 1;</li>
 * <li>odd {@code i}: {@code deploy(version 3)}, then {@code rollback} without {@code toVersion}: the known-good
 * case, version 1 becomes stable again.</li>
 * </ul>
 *
 * The deployment starts at stable version 1 without a rollout and every iteration ends there. Each wait is bounded.
 */
final class RollbackLoop {

    static final int V1 = 1;
    static final int V2 = 2;
    static final int V3 = 3;

    /** One rollback: the observers' arrival times, when the mutation's answer arrived, and the event it returned. */
    record Iteration(boolean canary, Watch watch, long answeredNanos, JsonObject event) {

        long lastMicros() {
            return (watch.lastHitNanos() - watch.startNanos) / 1_000;
        }

        long firstMicros() {
            return (watch.firstHitNanos() - watch.startNanos) / 1_000;
        }

        long answeredMicros() {
            return (answeredNanos - watch.startNanos) / 1_000;
        }

        long commitMicros() {
            return Math.round(event.getDouble("commitMillis", 0.0) * 1000);
        }
    }

    private final Api api;
    private final Options options;
    private final String agent;
    private final Observers observers;
    private final long settleMillis;

    /**
     * @param settleMillis how long the observers may take to catch up with the untimed change before the rollback
     *                     (and with the rollback itself afterwards, e.g. to acknowledge it)
     */
    RollbackLoop(Api api, Options options, String agent, Observers observers, long settleMillis) {
        this.api = api;
        this.options = options;
        this.agent = agent;
        this.observers = observers;
        this.settleMillis = settleMillis;
    }

    /** Runs iteration {@code i}; throws if a mutation fails or an observer does not catch up in time. */
    Iteration run(int i) throws Exception {
        boolean canary = i % 2 == 0;
        JsonObject setup = canary
                ? api.traffic("startRollout", Api.START_ROLLOUT, Api.vars(agent, options.environment)
                        .put("version", V2).put("weight", options.canaryWeight))
                : api.traffic("deploy", Api.DEPLOY, Api.vars(agent, options.environment).put("version", V3));
        long setupGeneration = setup.getLong("generation");
        awaitAll(setupGeneration);

        long t0 = System.nanoTime();
        Watch watch = new Watch(V1, setupGeneration, observers.count(), t0);
        observers.watch(watch);
        long[] answered = new long[1];
        JsonObject event;
        try {
            event = api.send(Api.ROLLBACK, Api.vars(agent, options.environment))
                    .map(data -> {
                        answered[0] = System.nanoTime();
                        return data.getJsonObject("rollback");
                    })
                    .toCompletionStage().toCompletableFuture()
                    .get(options.rollbackTimeoutMillis, TimeUnit.MILLISECONDS);
            if (!watch.allHit.await(options.rollbackTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException((observers.count() - watch.allHit.getCount()) + " of "
                        + observers.count() + " observers saw version 1 within " + options.rollbackTimeoutMillis
                        + " ms of the answer");
            }
        } finally {
            observers.watch(null);
        }
        if (event.getInteger("toVersion") != V1 || event.getLong("generation") != setupGeneration + 1) {
            throw new IllegalStateException("unexpected rollback event " + event.encode());
        }
        awaitAll(event.getLong("generation"));
        return new Iteration(canary, watch, answered[0], event);
    }

    /**
     * After a failed iteration: back to stable version 1 without a rollout, wherever the iteration stopped
     * ({@code rollback(toVersion: 1)} ends a canary of version 2 and replaces a stable version 3; it fails only when
     * version 1 is already stable without a rollout, which is where the next iteration starts anyway).
     */
    void recover() {
        observers.watch(null);
        try {
            api.traffic("rollback", Api.ROLLBACK_TO, Api.vars(agent, options.environment).put("toVersion", V1));
        } catch (RuntimeException ignored) {
            // already there
        }
    }

    private void awaitAll(long generation) throws InterruptedException {
        long waitEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMillis);
        while (!observers.allAtLeast(generation)) {
            if (System.nanoTime() > waitEnd) {
                throw new IllegalStateException("observers did not all catch up with generation " + generation
                        + " within " + settleMillis + " ms");
            }
            Thread.sleep(1);
        }
    }
}
