package dev.tightrope.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * Closed-loop load on one client event loop: {@code connections} keep-alive HTTP/1.1 connections (no pipelining),
 * each with exactly one request in flight; the next request goes out when the answer has been read. Everything runs
 * on this verticle's event loop, so its counters need no synchronisation.
 *
 * <p>A phase has a warm-up window (answers not counted) and a measured window; nothing is sent after the measured
 * window ends, so a phase always stops by itself.
 */
final class LoadWorker extends AbstractVerticle {

    /** Highest latency tracked: 60 s, in microseconds. */
    static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
    /** A phase that keeps failing (server gone) stops early instead of spinning. */
    private static final long MAX_ERRORS_PER_PHASE = 100_000;

    private final int connections;
    private final int keyOffset;
    private HttpClient client;

    private Target target;
    private long warmupEnd;
    private long measureEnd;
    private long sent;
    private int active;
    private PhaseResult result;
    private Promise<PhaseResult> done;

    LoadWorker(int connections, int keyOffset) {
        this.connections = connections;
        this.keyOffset = keyOffset;
    }

    @Override
    public void start() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setTcpNoDelay(true).setKeepAliveTimeout(120), new PoolOptions().setHttp1MaxSize(connections));
    }

    /** Loads {@code target} until {@code measureEndNanos}; counts what completes in [warmupEnd, measureEnd). */
    Future<PhaseResult> run(Target target, long warmupEndNanos, long measureEndNanos) {
        Promise<PhaseResult> promise = Promise.promise();
        context.runOnContext(ignored -> {
            this.target = target;
            this.warmupEnd = warmupEndNanos;
            this.measureEnd = measureEndNanos;
            this.sent = keyOffset;
            this.result = new PhaseResult(target.name);
            this.done = promise;
            this.active = connections;
            for (int i = 0; i < connections; i++) {
                next();
            }
        });
        return promise.future();
    }

    private void next() {
        long start = System.nanoTime();
        if (start >= measureEnd || result.errors > MAX_ERRORS_PER_PHASE) {
            if (--active == 0) {
                done.complete(result);
            }
            return;
        }
        Buffer body = target.body(sent++);
        client.request(target.request)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(buffer -> {
                    result.lastBytes = buffer.length();
                    return target.accepts(response.statusCode(), buffer) ? buffer.length() : -1;
                }))
                .onComplete(outcome -> {
                    long end = System.nanoTime();
                    if (end >= warmupEnd && end < measureEnd) {
                        if (outcome.succeeded() && outcome.result() >= 0) {
                            result.histogram.recordValue(Math.min(MAX_MICROS, (end - start) / 1_000));
                            result.bytes += outcome.result();
                        } else {
                            result.errors++;
                            if (result.firstError == null) {
                                result.firstError = outcome.failed() ? outcome.cause().toString()
                                        : "unexpected answer";
                            }
                        }
                    } else if (outcome.failed() || outcome.result() < 0) {
                        result.warmupErrors++;
                    }
                    next();
                });
    }

    /** What one worker counted in one phase; merged over workers and rounds. */
    static final class PhaseResult {
        final String target;
        final Histogram histogram = new Histogram(MAX_MICROS, 3);
        long errors;
        long warmupErrors;
        long bytes;
        long lastBytes;
        String firstError;
        double seconds;
        double serverCpuSeconds;
        double clientCpuSeconds;
        double machineBusySeconds;

        PhaseResult(String target) {
            this.target = target;
        }

        void add(PhaseResult other) {
            histogram.add(other.histogram);
            errors += other.errors;
            warmupErrors += other.warmupErrors;
            bytes += other.bytes;
            lastBytes = Math.max(lastBytes, other.lastBytes);
            if (firstError == null) {
                firstError = other.firstError;
            }
            seconds += other.seconds;
            serverCpuSeconds += other.serverCpuSeconds;
            clientCpuSeconds += other.clientCpuSeconds;
            machineBusySeconds += other.machineBusySeconds;
        }

        long ok() {
            return histogram.getTotalCount();
        }
    }
}
