package dev.tightrope.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;

/**
 * Targets C and C-SSE: rollback &rarr; delivered to every subscriber. Opens {@code --subscribers} subscriptions (one
 * runtimeId each) — C: {@code configChanged} over WebSocket; C-SSE: the runtime API's Server-Sent Events stream —
 * then runs B's rollback iterations ({@link RollbackLoop}) with the subscribers as observers: for each rollback, the
 * time from sending the mutation over HTTP until each subscriber has received the configuration with version 1 at
 * the rollback's generation. Targets: the p99 over the rollbacks of the last subscriber's delivery &lt; 200 ms for
 * C, &lt; 50 ms for C-SSE. {@code --phases subscribers,sse} measures both in one run, on the same server.
 */
final class SubscriberPhase {

    /** C's target: p99 of "every subscriber has it", microseconds. */
    private static final long WEBSOCKET_TARGET_MICROS = 200_000;
    /** C-SSE's target. */
    private static final long SSE_TARGET_MICROS = 50_000;

    private final Vertx vertx;
    private final Api api;
    private final Options options;
    private final CpuSampler cpu;
    private final String agent;
    private final boolean sse;
    private final long targetMicros;

    SubscriberPhase(Vertx vertx, Api api, Options options, CpuSampler cpu, String agent, boolean sse) {
        this.sse = sse;
        this.targetMicros = sse ? SSE_TARGET_MICROS : WEBSOCKET_TARGET_MICROS;
        this.vertx = vertx;
        this.api = api;
        this.options = options;
        this.cpu = cpu;
        this.agent = agent;
    }

    boolean run() throws Exception {
        System.out.printf(Locale.ROOT, "%n%s. rollback -> delivered to every %s subscriber: %d %s "
                + "subscriptions (runtimeIds bench-rt-0..%d) on %d client event loops, opened %d at a time; %d "
                + "rollbacks timed after at least %d untimed (until the JIT settles), mutation over HTTP on the same instance, alternating a canary "
                + "(weight %d %%) and a newly deployed stable version as in B; acknowledgements: %s%n",
                sse ? "C-SSE" : "C", sse ? "config stream" : "configChanged", options.subscribers,
                sse ? "Server-Sent Events" : "WebSocket",
                options.subscribers - 1, options.clientThreads, options.subscribeConcurrency,
                options.rollbacks, options.rollbackWarmup, options.canaryWeight,
                options.ack ? "every config (" + (sse ? "POST .../acknowledgements" : "acknowledgeConfig") + "), "
                        + options.ackConnections + " HTTP connections per event loop" : "off");
        // the subscribers are runtimes: a RUNTIME token, as the server requires for acknowledgeConfig
        Subscribers subscribers = new Subscribers(options, agent,
                options.token == null ? null : api.createRuntimeToken("bench-runtimes-" + agent + (sse ? "-sse" : "")),
                sse);
        try {
            long openStart = System.nanoTime();
            CpuSampler.Sample before = cpu.sample();
            try {
                subscribers.open(vertx);
            } catch (IllegalStateException e) {
                System.out.printf(Locale.ROOT, "FAILED to open the subscriptions within %d s: %s%n%s%n",
                        options.subscribeTimeoutSeconds, e.getMessage(),
                        subscribers.firstFailure == null ? "" : "first failure: " + subscribers.firstFailure);
                return false;
            }
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            CpuSampler.Sample opening = cpu.sample().minus(before);
            System.out.printf(Locale.ROOT, "opened %d subscriptions in %s s (%.0f/s; server CPU %s s)%n",
                    options.subscribers, Report.fmt(openSeconds), options.subscribers / openSeconds,
                    Report.fmt(opening.server()));
            return rollbacks(subscribers);
        } finally {
            subscribers.close(vertx);
        }
    }

    private boolean rollbacks(Subscribers subscribers) throws Exception {
        RollbackLoop loop = new RollbackLoop(api, options, agent, subscribers, options.settleTimeoutMillis);
        RollbackWarmUp warmUp = new RollbackWarmUp(cpu, options, api, agent);
        String firstFailure = warmUp.run(loop);
        System.out.println(warmUp.summary());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.subscribersMaxSeconds);
        Histogram last = histogram();
        Map<String, Histogram> byKind = new LinkedHashMap<>();
        byKind.put("canary rollback", histogram());
        byKind.put("stable rollback", histogram());
        Histogram first = histogram();
        Histogram spread = histogram();
        Histogram each = histogram();
        Histogram mutation = histogram();
        Histogram commit = histogram();
        Histogram allAcked = histogram();
        Histogram afterLastSent = histogram();
        List<Long> sequence = new ArrayList<>();
        int failures = warmUp.failures();
        int done = 0;
        int total = options.rollbacks;
        CpuSampler.Sample before = cpu.sample();
        long timedStart = System.nanoTime();
        int ran = 0;
        for (int t = 0; t < total && System.nanoTime() < deadline; t++) {
            ran++;
            try {
                RollbackLoop.Iteration it = loop.run(warmUp.done() + t);
                record(last, it.lastMicros());
                record(byKind.get(it.canary() ? "canary rollback" : "stable rollback"), it.lastMicros());
                record(first, it.firstMicros());
                record(spread, it.lastMicros() - it.firstMicros());
                it.watch().recordEach(each);
                record(mutation, it.answeredMicros());
                record(commit, it.commitMicros());
                Watch acks = subscribers.ackWatch();
                if (options.ack && acks != null) {
                    record(allAcked, (acks.lastHitNanos() - acks.startNanos) / 1_000);
                    record(afterLastSent, Math.max(0, acks.lastHitNanos() - acks.lastSentNanos()) / 1_000);
                }
                sequence.add(it.lastMicros());
                done++;
            } catch (Exception e) {
                failures++;
                if (firstFailure == null) {
                    firstFailure = e.toString();
                }
                loop.recover();
            }
        }
        if (ran < total) {
            System.out.printf(Locale.ROOT, "stopped by the time limit of %d s (--subscribers-max-seconds) after %d "
                    + "of %d timed iterations%n", options.subscribersMaxSeconds, ran, total);
        }
        CpuSampler.Sample used = cpu.sample().minus(before);
        double timedSeconds = (System.nanoTime() - timedStart) / 1e9;

        System.out.println();
        System.out.println(Report.row("measure (ms)", "n", "p50", "p90", "p99", "max", "mean"));
        System.out.println(Report.latencyRow("all subscribers have v1", last));
        for (Map.Entry<String, Histogram> kind : byKind.entrySet()) {
            System.out.println(Report.latencyRow("  " + kind.getKey(), kind.getValue()));
        }
        System.out.println(Report.latencyRow("first subscriber has v1", first));
        System.out.println(Report.latencyRow("last - first subscriber", spread));
        System.out.println(Report.latencyRow("each delivery", each));
        System.out.println(Report.latencyRow("mutation answered", mutation));
        System.out.println(Report.latencyRow("server commitMillis", commit));
        if (options.ack) {
            System.out.println(Report.latencyRow("all acks answered", allAcked));
            System.out.println(Report.latencyRow("acks: last sent -> all done", afterLastSent));
            System.out.println(Report.latencyRow("ack round trip (ok)", subscribers.ackRoundTrips));
        }
        System.out.printf(Locale.ROOT, "trend (median ms of each tenth of the timed rollbacks, in order): %s%n",
                Report.trend(sequence));
        if (done > 0) {
            System.out.printf(Locale.ROOT, "server CPU per timed iteration (rollback and its untimed setup change"
                    + "%s): %s ms; over the %s s of timed iterations: server %s, client %s, machine busy %s cores%n",
                    options.ack ? ", with their acks" : "", Report.fmt(used.server() * 1000 / done),
                    Report.fmt(timedSeconds), Report.fmt(used.server() / timedSeconds),
                    Report.fmt(used.client() / timedSeconds), Report.fmt(used.machineBusy() / timedSeconds));
        }
        System.out.printf(Locale.ROOT, "rollbacks timed: %d, failed: %d%s; messages received: %d; subscriptions "
                + "failed: %d (lost after opening: %d)%s%s%n", done, failures,
                firstFailure == null ? "" : " (first: " + firstFailure + ")", subscribers.messages.get(),
                subscribers.failures.get(), subscribers.lostAfterOpen.get(),
                subscribers.firstFailure == null ? "" : " (first: " + subscribers.firstFailure + ")",
                options.ack ? "; acknowledgements failed: " + subscribers.ackFailures.get()
                        + (subscribers.firstAckFailure == null ? "" : " (first: " + subscribers.firstAckFailure + ")")
                        : "");
        boolean pass = last.getTotalCount() > 0 && last.getValueAtPercentile(99) < targetMicros;
        System.out.printf(Locale.ROOT, "%s: rollback -> all %d subscribers have v1, p99: %s ms  (target < %d ms: %s)%n",
                sse ? "C-SSE" : "C", options.subscribers, Report.ms(last, 99), targetMicros / 1000,
                pass ? "MET" : "NOT MET");
        if (options.ack && afterLastSent.getTotalCount() > 0) {
            System.out.printf(Locale.ROOT, "%s: acknowledgements -> all %d recorded, after the last was sent, p99: %s ms"
                    + "  (target < 300 ms: %s)%n", sse ? "C-SSE" : "C", options.subscribers,
                    Report.ms(afterLastSent, 99), afterLastSent.getValueAtPercentile(99) < 300_000 ? "MET" : "NOT MET");
        }
        return failures == 0 && done == options.rollbacks && subscribers.failures.get() == 0
                && subscribers.ackFailures.get() == 0;
    }

    private static Histogram histogram() {
        return new Histogram(LoadWorker.MAX_MICROS, 3);
    }

    private static void record(Histogram histogram, long micros) {
        histogram.recordValue(Math.min(LoadWorker.MAX_MICROS, Math.max(0, micros)));
    }
}
