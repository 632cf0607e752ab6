package dev.tightrope.sdk.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tightrope.sdk.Backoff;
import dev.tightrope.sdk.SyncMode;
import dev.tightrope.sdk.TightropeException;
import dev.tightrope.sdk.http.ConfigAnswer;
import dev.tightrope.sdk.http.Failures;
import dev.tightrope.sdk.http.Transport;
import dev.tightrope.sdk.routing.RoutingConfig;

/**
 * Keeps one deployment's configuration current, on a daemon thread of its own.
 *
 * <p>It follows {@code GET …/config/stream}, hands each {@code config} event to its listener, and reconnects
 * after a jittered exponential backoff with {@code Last-Event-ID} (the generation the client has), so nothing is
 * sent twice. After {@code streamFailuresBeforePolling} failed streams in a row it polls {@code GET …/config} with
 * {@code If-None-Match} every {@code pollInterval}, while it keeps trying the stream again with the same backoff, at
 * most {@code streamRetryInterval} apart (so it is back on the stream within about that long of the server's return).
 * A stream counts as failed when it could not be opened, or ended before sending a byte. A stream silent for
 * {@code streamReadTimeout} (the server sends a heartbeat every 15 s) counts as lost: a watchdog on the client's
 * timer closes it.
 *
 * <pre>
 *   stream ──(ended after delivering)──▶ backoff(0) ───▶ stream
 *   stream ──(failed, n &lt; limit)──────▶ backoff(n-1) ─▶ stream
 *   stream ──(failed, n &gt;= limit)─────▶ poll for min(backoff(n-1), streamRetryInterval) ──▶ stream
 * </pre>
 */
public final class Follower {

    /** What the follower tells its client. */
    public interface Listener {

        /** The current configuration, as received (the client decides whether it changed). */
        void apply(RoutingConfig config);

        /** The server confirmed that the configuration is current: a byte on the stream, a 304, a 200. */
        void confirm();

        /** The generation the client has (for {@code Last-Event-ID} and {@code If-None-Match}), or null. */
        Long generation();

        /** Something failed; the follower goes on. */
        void error(TightropeException error);
    }

    /** The follower's knobs (TightropeOptions has their defaults). */
    public record Settings(String runtimeId, Duration pollInterval, int streamFailuresBeforePolling,
            Duration streamRetryInterval, Duration streamReadTimeout, Backoff backoff) {
    }

    private final Transport transport;
    private final Settings settings;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final Thread thread;
    private final Object sleeping = new Object();
    private volatile boolean closed;
    private volatile SyncMode mode = SyncMode.STREAM;
    private volatile long reconnects;
    private volatile InputStream openStream;
    private volatile long lastByteNanos;
    private volatile boolean silent;
    private long nextPollNanos;

    public Follower(Transport transport, Settings settings, Listener listener, ScheduledExecutorService timer,
            String threadName) {
        this.transport = transport;
        this.settings = settings;
        this.listener = listener;
        this.timer = timer;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public synchronized void start() {
        if (!closed && thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    public SyncMode mode() {
        return mode;
    }

    /** Streams reopened after one ended or failed. */
    public long reconnects() {
        return reconnects;
    }

    /** Stops following: ends the open stream or request and waits (up to {@code wait}) for the thread to end. */
    public void close(Duration wait) {
        closed = true;
        synchronized (sleeping) {
            sleeping.notifyAll();
        }
        closeStream();
        thread.interrupt();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        int failures = 0;
        boolean polling = false;
        while (!closed) {
            boolean healthy = streamOnce();
            if (closed) {
                break;
            }
            failures = healthy ? 0 : failures + 1;
            polling = polling && !healthy;
            reconnects++;
            Duration delay = settings.backoff().delay(Math.max(0, failures - 1));
            if (failures < settings.streamFailuresBeforePolling()) {
                sleep(delay);
                continue;
            }
            mode = SyncMode.POLL;
            if (!polling) {
                polling = true;
                nextPollNanos = System.nanoTime();
                listener.error(new TightropeException("the configuration stream failed " + failures
                        + " times in a row; polling every " + settings.pollInterval().toMillis() + " ms and trying "
                        + "the stream again at most " + settings.streamRetryInterval().toMillis() + " ms apart"));
            }
            Duration untilRetry = delay.compareTo(settings.streamRetryInterval()) < 0 ? delay
                    : settings.streamRetryInterval();
            pollUntil(System.nanoTime() + untilRetry.toNanos());
        }
    }

    /** Follows one stream until it ends; true when it delivered something (so it was healthy). */
    private boolean streamOnce() {
        boolean healthy = false;
        ScheduledFuture<?> watchdog = null;
        silent = false; // set by this stream's watchdog only: a failed open is not a silent stream
        try {
            InputStream body = transport.openStream(listener.generation(), settings.runtimeId());
            openStream = body;
            if (closed) {
                return false; // close() may have missed it
            }
            lastByteNanos = System.nanoTime();
            mode = SyncMode.STREAM;
            watchdog = watch(body);
            listener.confirm(); // 200: the server has our generation, or sends the current one next
            SseParser parser = new SseParser();
            char[] buffer = new char[8192];
            try (Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8)) {
                int read;
                while ((read = reader.read(buffer)) >= 0) {
                    if (read == 0) {
                        continue;
                    }
                    lastByteNanos = System.nanoTime();
                    healthy = true; // any byte (the retry hint, an event, a heartbeat) shows a live stream
                    listener.confirm(); // before the chunk's events: nothing confirms after a new config was applied
                    for (SseEvent event : parser.feed(CharBuffer.wrap(buffer, 0, read))) {
                        if ("config".equals(event.event())) {
                            applyText(event.data());
                        }
                    }
                }
            }
            if (silent) {
                listener.error(new TightropeException("the configuration stream was silent for "
                        + settings.streamReadTimeout().toMillis() + " ms; reconnecting"));
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                listener.error(new TightropeException(silent ? "the configuration stream was silent for "
                        + settings.streamReadTimeout().toMillis() + " ms; reconnecting"
                        : (healthy ? "the configuration stream broke: " : "opening the configuration stream failed: ")
                        + Failures.describe(e), e));
            }
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            closeStream();
        }
        return healthy;
    }

    /** Closes the stream when no byte came for {@code streamReadTimeout}; checked a few times per timeout. */
    private ScheduledFuture<?> watch(InputStream body) {
        long timeoutNanos = settings.streamReadTimeout().toNanos();
        long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1),
                timeoutNanos / 4));
        try {
            return timer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastByteNanos > timeoutNanos && openStream == body) {
                    silent = true;
                    closeStream();
                }
            }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    /** Polls every {@code pollInterval} (sooner, with the backoff, after a failed poll) until {@code deadline}. */
    private void pollUntil(long deadlineNanos) {
        int failures = 0;
        while (!closed && System.nanoTime() - deadlineNanos < 0) {
            if (System.nanoTime() - nextPollNanos >= 0) {
                Duration wait = settings.pollInterval();
                try {
                    Long generation = listener.generation();
                    ConfigAnswer answer = transport.getConfig(generation == null ? null : "\"" + generation + "\"");
                    if (answer.notModified()) {
                        listener.confirm();
                    } else {
                        listener.apply(answer.config());
                    }
                    failures = 0;
                } catch (IOException | RuntimeException e) {
                    if (!closed) {
                        listener.error(new TightropeException("polling the configuration failed: "
                                + Failures.describe(e), e));
                    }
                    Duration backoff = settings.backoff().delay(failures);
                    wait = backoff.compareTo(wait) < 0 ? backoff : wait;
                    failures++;
                }
                nextPollNanos = System.nanoTime() + wait.toNanos();
            }
            long until = nextPollNanos - deadlineNanos < 0 ? nextPollNanos : deadlineNanos;
            sleep(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
        }
    }

    private void applyText(String data) {
        try {
            listener.apply(RoutingConfig.fromJson(data));
        } catch (TightropeException e) {
            listener.error(new TightropeException("ignored a config event: " + e.getMessage(), e));
        }
    }

    private void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (sleeping) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(sleeping, left);
                } catch (InterruptedException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }
    }

    private void closeStream() {
        InputStream stream = openStream;
        openStream = null;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing to stop reading: nothing to do about a failure
            }
        }
    }
}
