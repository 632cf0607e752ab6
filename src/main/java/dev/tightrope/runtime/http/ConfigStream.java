package dev.tightrope.runtime.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.runtime.application.RenderedConfigs;
import dev.tightrope.runtime.application.RuntimeMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open configuration stream (Server-Sent Events): what its connection was sent, and what it still owes. Every
 * method runs on the connection's event loop (the stream's items, timer and handlers are all delivered there), so
 * no state here is shared between threads.
 *
 * <p><b>A slow subscriber never holds up the others, and never grows memory.</b> Configurations are states, not
 * deltas: a runtime needs the newest one, not every one in between. When a new generation arrives while the
 * connection cannot take more ({@link HttpServerResponse#writeQueueFull()}), it is kept as the one pending
 * generation, replacing any older pending one (counted in {@code tightrope_runtime_stream_generations_skipped_total}),
 * and written when the connection drains. So a stream holds at most one configuration it has not written, and that
 * is a reference to the bytes every subscriber shares ({@link RenderedConfigs}). Heartbeats are not queued behind a
 * full connection. If the connection stays full for {@code tightrope.runtime.stream-stall-timeout}, judged by the
 * application clock at each heartbeat, its connection is closed ({@code tightrope_runtime_stream_stalled_total}),
 * which frees what it held; the runtime reconnects with its {@code Last-Event-ID} and gets the current
 * configuration.
 */
final class ConfigStream {

    static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

    private final HttpServerResponse response;
    private final Runnable abort;
    private final RenderedConfigs renderings;
    private final RuntimeMetrics metrics;
    private final Clock clock;
    private final Duration stallTimeout;
    private long sent;
    private RenderedConfigs.Rendered pending;
    private Instant fullSince;
    private boolean closed;

    /**
     * @param known the generation the runtime already has ({@code Last-Event-ID}), or 0: nothing up to it is sent
     * @param abort  closes the connection at once, without flushing what it still holds
     */
    ConfigStream(HttpServerResponse response, Runnable abort, long known, RenderedConfigs renderings, RuntimeMetrics metrics,
            Clock clock, Duration stallTimeout) {
        this.response = response;
        this.abort = abort;
        this.sent = known;
        this.renderings = renderings;
        this.metrics = metrics;
        this.clock = clock;
        this.stallTimeout = stallTimeout;
        response.drainHandler(ignored -> drained());
    }

    /** A routing table of the stream's deployment: sent unless the runtime has it or a newer one. */
    void offer(RoutingTable table) {
        if (closed || table.generation() <= sent || pending != null && table.generation() <= pending.generation()) {
            return;
        }
        RenderedConfigs.Rendered config = renderings.of(table);
        if (response.writeQueueFull()) {
            if (pending != null) {
                metrics.skipped();
            }
            pending = config;
            if (fullSince == null) {
                fullSince = clock.instant();
            }
            return;
        }
        write(config);
    }

    /**
     * The heartbeat timer: a comment line when the connection can take it; a connection full for longer than the
     * stall timeout is closed instead.
     *
     * @return false when the stream was closed as stalled
     */
    boolean heartbeat() {
        if (closed) {
            return true;
        }
        if (!response.writeQueueFull()) {
            response.write(HEARTBEAT);
            return true;
        }
        Instant now = clock.instant();
        if (fullSince == null) {
            fullSince = now;
        } else if (!now.isBefore(fullSince.plus(stallTimeout))) {
            metrics.stalled();
            closed = true;
            pending = null;
            abort.run();
            return false;
        }
        return true;
    }

    /** Ends the response (a clean end of the stream for the runtime); idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending = null;
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }

    /** The connection went away: nothing more is written. */
    void gone() {
        closed = true;
        pending = null;
    }

    boolean isClosed() {
        return closed;
    }

    private void drained() {
        fullSince = null;
        if (pending != null && !closed && !response.writeQueueFull()) {
            RenderedConfigs.Rendered config = pending;
            pending = null;
            write(config);
        }
    }

    private void write(RenderedConfigs.Rendered config) {
        sent = config.generation();
        response.write(config.event());
    }
}
