package dev.tightrope.sdk.sync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import dev.tightrope.sdk.ApiException;
import dev.tightrope.sdk.Backoff;
import dev.tightrope.sdk.TightropeException;
import dev.tightrope.sdk.http.Failures;

/**
 * Acknowledgements in the background: "this runtime now uses generation N" ({@code POST …/acknowledgements}),
 * without a thread of its own: each request is asynchronous, and retries wait on the client's timer.
 *
 * <p>Acknowledging N covers every earlier generation, so when changes come faster than acknowledgements go, only
 * the newest is sent. A failed acknowledgement (the network, 429, 5xx) is retried with the shared backoff, up to
 * {@code maxAttempts}; one the server refuses (400, 401, 403, 404) is not, because it would be refused again.
 */
public final class Acknowledger {

    private final LongFunction<CompletableFuture<Void>> sink;
    private final Backoff backoff;
    private final Consumer<TightropeException> onError;
    private final int maxAttempts;
    private final ScheduledExecutorService timer;
    private long wanted;
    private long settled;
    private boolean running;
    private boolean closed;
    private CompletableFuture<Void> inFlight;
    private volatile long acknowledged;
    private volatile long acknowledgedGeneration;

    /**
     * @param sink sends one acknowledgement; its future fails with what the request failed with
     */
    public Acknowledger(LongFunction<CompletableFuture<Void>> sink, Backoff backoff,
            Consumer<TightropeException> onError, int maxAttempts, ScheduledExecutorService timer) {
        this.sink = sink;
        this.backoff = backoff;
        this.onError = onError;
        this.maxAttempts = maxAttempts;
        this.timer = timer;
    }

    /** Asks for {@code generation} to be acknowledged; returns at once. */
    public void acknowledge(long generation) {
        synchronized (this) {
            wanted = Math.max(wanted, generation);
            if (running || closed || wanted <= settled) {
                return;
            }
            running = true;
        }
        attempt(0);
    }

    /** Acknowledgements the server took. */
    public long acknowledged() {
        return acknowledged;
    }

    /** The newest generation the server took an acknowledgement of (0: none yet). */
    public long acknowledgedGeneration() {
        return acknowledgedGeneration;
    }

    /** Stops: an acknowledgement in flight is abandoned, none is retried. */
    public void close() {
        CompletableFuture<Void> pending;
        synchronized (this) {
            closed = true;
            pending = inFlight;
        }
        if (pending != null) {
            pending.cancel(true);
        }
    }

    private void attempt(int failures) {
        long generation;
        CompletableFuture<Void> request;
        synchronized (this) {
            if (closed) {
                running = false;
                return;
            }
            generation = wanted;
        }
        try {
            request = sink.apply(generation);
        } catch (RuntimeException e) {
            request = CompletableFuture.failedFuture(e);
        }
        synchronized (this) {
            inFlight = request;
        }
        request.whenComplete((ignored, failure) -> done(generation, failures, failure));
    }

    private void done(long generation, int failures, Throwable failure) {
        if (failure == null) {
            synchronized (this) {
                acknowledged++;
                acknowledgedGeneration = Math.max(acknowledgedGeneration, generation);
                settled = Math.max(settled, generation);
            }
            next(0);
            return;
        }
        Throwable cause = unwrap(failure);
        int failed = failures + 1;
        boolean refused = cause instanceof ApiException && !((ApiException) cause).retryable();
        synchronized (this) {
            if (closed) {
                running = false;
                return;
            }
        }
        if (refused || failed >= maxAttempts) {
            onError.accept(new TightropeException("acknowledging generation " + generation + " failed"
                    + (refused ? "" : " " + failed + " times") + ": " + Failures.describe(cause), cause));
            synchronized (this) {
                settled = Math.max(settled, generation);
            }
            next(0);
            return;
        }
        try {
            timer.schedule(() -> attempt(failed), backoff.delay(failed - 1).toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            synchronized (this) {
                running = false;
            }
        }
    }

    private void next(int failures) {
        synchronized (this) {
            if (closed || wanted <= settled) {
                running = false;
                return;
            }
        }
        attempt(failures);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
