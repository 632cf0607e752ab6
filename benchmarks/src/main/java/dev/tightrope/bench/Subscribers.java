package dev.tightrope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The subscribers of target C ({@code configChanged} over WebSocket) or C-SSE (the runtime API's stream) as a whole:
 * one {@link SubscriberGroup} per client event loop, each with an equal share of the subscribers. Subscriber {@code i} subscribes with runtimeId {@code bench-rt-i}. This
 * class holds what the main thread reads (the newest generation each subscriber received and acknowledged, the
 * rollback being timed, the counters) in thread-safe form; the groups write it from their event loops.
 */
final class Subscribers implements Observers {

    final Options options;
    final String agent;
    /** {@code connection_init}, with the token in its payload when there is one. */
    final String initMessage;
    private final AtomicLongArray received;
    private final AtomicLongArray acknowledged;
    private volatile Watch watch;
    private volatile Watch ackWatch;
    /** Round trips of successful acknowledgeConfig calls, microseconds. */
    final Histogram ackRoundTrips = new SynchronizedHistogram(LoadWorker.MAX_MICROS, 3);
    final AtomicLong messages = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong lostAfterOpen = new AtomicLong();
    final AtomicLong ackFailures = new AtomicLong();
    volatile String firstFailure;
    volatile String firstAckFailure;
    private final List<SubscriberGroup> groups = new ArrayList<>();
    /** The token of every subscriber's connection_init and acknowledgement; null without access control. */
    final String runtimeToken;
    /** The runtime API's Server-Sent Events stream instead of {@code configChanged} over WebSocket. */
    final boolean sse;

    /**
     * @param runtimeToken the token the subscribers use, as runtimes do (role RUNTIME: subscribe and acknowledge);
     *                     null to use --token
     * @param sse          subscribe to the Server-Sent Events stream of the runtime API instead of configChanged
     */
    Subscribers(Options options, String agent, String runtimeToken, boolean sse) {
        this.options = options;
        this.sse = sse;
        this.agent = agent;
        this.runtimeToken = runtimeToken != null ? runtimeToken : options.token;
        JsonObject payload = new JsonObject();
        if (this.runtimeToken != null) {
            payload.put("authorization", "Bearer " + this.runtimeToken);
        }
        initMessage = new JsonObject().put("type", "connection_init").put("payload", payload).encode();
        received = new AtomicLongArray(options.subscribers);
        acknowledged = new AtomicLongArray(options.subscribers);
        for (int i = 0; i < options.subscribers; i++) {
            received.set(i, -1);
            acknowledged.set(i, -1);
        }
    }

    static String runtimeId(int index) {
        return "bench-rt-" + index;
    }

    String subscribeMessage(int index) {
        JsonObject variables = new JsonObject().put("agent", agent).put("environment", options.environment)
                .put("runtimeId", runtimeId(index));
        return new JsonObject().put("id", "1").put("type", "subscribe")
                .put("payload", new JsonObject().put("query", Api.CONFIG_CHANGED).put("variables", variables))
                .encode();
    }

    /**
     * Opens every subscription: the groups open theirs in parallel, {@code --subscribe-concurrency} at a time in
     * all, and all must be open within {@code --subscribe-timeout-s}.
     *
     * @throws IllegalStateException naming how many were open and the first failure, if not all could be opened
     */
    void open(Vertx vertx) throws Exception {
        int loops = options.clientThreads;
        int perGroup = options.subscribers / loops;
        int extra = options.subscribers % loops;
        int concurrency = Math.max(1, (options.subscribeConcurrency + loops - 1) / loops);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.subscribeTimeoutSeconds);
        List<Future<Void>> opened = new ArrayList<>();
        int first = 0;
        for (int g = 0; g < loops; g++) {
            int size = perGroup + (g < extra ? 1 : 0);
            SubscriberGroup group = sse ? new SseGroup(this, first, size) : new WebSocketGroup(this, first, size);
            first += size;
            vertx.deployVerticle(group).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            groups.add(group);
            opened.add(group.open(concurrency, deadline));
        }
        try {
            Future.all(opened).toCompletionStage().toCompletableFuture()
                    .get(options.subscribeTimeoutSeconds + 10L, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(openCount() + " of " + options.subscribers + " subscriptions open; "
                    + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(openCount() + " of " + options.subscribers
                    + " subscriptions open when the time limit was reached", e);
        }
    }

    /** Subscribers that have received a configuration. */
    int openCount() {
        int open = 0;
        for (int i = 0; i < received.length(); i++) {
            open += received.get(i) >= 0 ? 1 : 0;
        }
        return open;
    }

    /** Closes every WebSocket, waiting at most 30 s. */
    void close(Vertx vertx) {
        for (SubscriberGroup group : groups) {
            try {
                vertx.undeploy(group.deploymentID()).toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("closing subscribers: " + e);
            }
        }
        groups.clear();
    }

    @Override
    public int count() {
        return options.subscribers;
    }

    /**
     * Every subscriber has received {@code generation}; with {@code --ack}, every subscriber's acknowledgement of it
     * has also been answered (successfully or not).
     */
    @Override
    public boolean allAtLeast(long generation) {
        AtomicLongArray newest = options.ack ? acknowledged : received;
        for (int i = 0; i < newest.length(); i++) {
            if (newest.get(i) < generation) {
                return false;
            }
        }
        return true;
    }

    /** Times deliveries, and with {@code --ack} also acknowledgements, of the rollback that starts now. */
    @Override
    public void watch(Watch watch) {
        if (watch != null && options.ack) {
            ackWatch = new Watch(watch.version, watch.after, options.subscribers, watch.startNanos);
        }
        this.watch = watch;
    }

    /** The acknowledgements of the last watched rollback (acknowledgements may still arrive after its delivery). */
    Watch ackWatch() {
        return ackWatch;
    }

    // ----- called by the groups, on their event loops

    void received(int index, int version, long generation, long nanos) {
        messages.incrementAndGet();
        received.accumulateAndGet(index, generation, Math::max);
        Watch current = watch;
        if (current != null) {
            current.seen(index, version, generation, nanos);
        }
    }

    /**
     * An acknowledgeConfig call was answered. A failed one counts as answered too, so that one lost
     * acknowledgement does not stall the rollback loop; failures are counted and fail target C.
     */
    /** An acknowledgement of {@code generation} got its connection and is being written now. */
    void acknowledgementSent(int version, long generation, long nanos) {
        Watch current = ackWatch;
        if (current != null) {
            current.sent(version, generation, nanos);
        }
    }

    void acknowledged(int index, int version, long generation, long startNanos, long endNanos, String failure) {
        if (failure == null) {
            ackRoundTrips.recordValue(Math.min(LoadWorker.MAX_MICROS, (endNanos - startNanos) / 1_000));
        } else if (ackFailures.incrementAndGet() == 1) {
            firstAckFailure = failure;
        }
        acknowledged.accumulateAndGet(index, generation, Math::max);
        Watch current = ackWatch;
        if (current != null) {
            current.seen(index, version, generation, endNanos);
        }
    }

    void failed(int index, String reason, boolean wasOpen) {
        if (failures.incrementAndGet() == 1) {
            firstFailure = "subscriber " + index + ": " + reason;
        }
        if (wasOpen) {
            lostAfterOpen.incrementAndGet();
        }
    }
}
