package dev.tightrope.sdk.outcomes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.tightrope.sdk.ApiException;
import dev.tightrope.sdk.Backoff;
import dev.tightrope.sdk.TightropeException;
import dev.tightrope.sdk.http.Failures;
import dev.tightrope.sdk.http.OutcomesAnswer;

/**
 * Outcome reporting in the background: {@link #report} never blocks and never throws for the server's or the
 * network's trouble.
 *
 * <p>Outcomes wait in a bounded queue ({@code queueSize}); when it is full, new ones are dropped and counted
 * ({@link #dropped()}), because a runtime must never slow down or run out of memory for its telemetry. A daemon
 * thread, started by the first report, sends them to {@code POST /api/v1/outcomes} as NDJSON in batches: when
 * {@code batchSize} are waiting, when the oldest has waited {@code flushInterval}, and on {@link #flush} and
 * {@link #close}. A batch is also cut at {@code maxBatchBytes} of NDJSON (1 MiB; the server takes 2 MiB), and a
 * batch the server still refuses as too large (413) is split in halves and sent again; an outcome too large on its
 * own is given up. Each outcome is written alone, so one that cannot be written is given up alone, never its batch.
 * Each batch has a {@code batchId}, kept across its retries, so a retry is never counted twice.
 * 429 and 503 (and the network, 5xx, an answer that is not JSON) are retried with the shared backoff, honouring
 * {@code Retry-After} (up to {@code maxRetryAfter}), up to {@code maxAttempts}; a batch the server refuses for its
 * content (400, 401, 403, 415) is not retried. Outcomes of batches given up count as {@link #failed()}, lines
 * the server refused one by one as {@link #rejected()}.
 *
 * <p>How the thread waits: {@code report} wakes it (with {@link LockSupport#unpark}, no lock) when the queue gets
 * its first outcome or a full batch; otherwise it sleeps until the oldest outcome's deadline. Each queued outcome
 * carries the {@code System.nanoTime()} of its report, so the oldest one's age is the head's.
 */
public final class OutcomeReporter {

    /** Where batches go: the transport, or a test's fake. */
    @FunctionalInterface
    public interface Sink {
        OutcomesAnswer send(String ndjson, String batchId) throws IOException;
    }

    /**
     * The reporter's knobs (TightropeOptions has their defaults: 10 000, 500, 2 s, 6, 0.5–30 s, 30 s).
     *
     * @param batchSize outcomes per batch, 1 to 10 000 (the server's limit)
     * @param maxBatchBytes NDJSON bytes per batch at most ({@link #MAX_BATCH_BYTES}; the server takes 2 MiB)
     */
    public record Settings(int queueSize, int batchSize, Duration flushInterval, int maxAttempts, Backoff backoff,
            Duration maxRetryAfter, int maxBatchBytes) {

        public Settings {
            if (queueSize < 1 || batchSize < 1 || batchSize > 10_000 || maxAttempts < 1 || flushInterval.isNegative()
                    || flushInterval.isZero() || maxBatchBytes < 1) {
                throw new IllegalArgumentException("Tightrope: outcome queueSize >= 1, batchSize 1 to 10 000, "
                        + "maxAttempts >= 1, flushInterval > 0 and maxBatchBytes >= 1, were " + queueSize + ", "
                        + batchSize + ", " + maxAttempts + ", " + flushInterval + ", " + maxBatchBytes);
            }
        }

        /** With batches of at most {@link #MAX_BATCH_BYTES}. */
        public Settings(int queueSize, int batchSize, Duration flushInterval, int maxAttempts, Backoff backoff,
                Duration maxRetryAfter) {
            this(queueSize, batchSize, flushInterval, maxAttempts, backoff, maxRetryAfter, MAX_BATCH_BYTES);
        }
    }

    /** NDJSON bytes a batch holds at most by default (the server's limit is 2 MiB). */
    public static final int MAX_BATCH_BYTES = 1 << 20;

    private record Queued(Outcome outcome, Instant reportedAt, long reportedNanos) {
    }

    private final Sink sink;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<TightropeException> onError;
    private final ArrayBlockingQueue<Queued> queue;
    private final Thread thread;
    private final Object idle = new Object();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile int inFlight;
    private volatile boolean flushRequested;
    private volatile boolean closed;
    private volatile boolean stopping;
    private volatile boolean unwritableTold;

    public OutcomeReporter(Sink sink, Settings settings, Clock clock, Consumer<TightropeException> onError,
            String threadName) {
        this.sink = sink;
        this.settings = settings;
        this.clock = clock;
        this.onError = onError;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Queues one outcome; false when it was dropped (the queue is full, or the reporter closed).
     *
     * @throws NullPointerException if {@code outcome} is null (a programming error)
     */
    public boolean report(Outcome outcome) {
        Objects.requireNonNull(outcome, "Tightrope: report() needs an outcome (Outcome.success/error(decision, ms))");
        if (closed || !queue.offer(new Queued(outcome, clock.instant(), System.nanoTime()))) {
            dropped.incrementAndGet();
            return false;
        }
        if (thread.getState() == Thread.State.NEW) {
            startThread();
        }
        int size = queue.size();
        if (size == 1 || size >= settings.batchSize()) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Outcomes the server accepted (or had accepted before: a deduplicated retry). */
    public long sent() {
        return sent.get();
    }

    /** Lines the server refused one by one (a field out of range, an unknown agent). */
    public long rejected() {
        return rejected.get();
    }

    /** Outcomes not queued: the queue was full, or the reporter closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Outcomes of batches given up: refused whole, every attempt failed, or not sent before close. */
    public long failed() {
        return failed.get();
    }

    /** Attempts that were retried (429, 503, the network). */
    public long retries() {
        return retries.get();
    }

    /** Outcomes queued or being sent. */
    public int pending() {
        return queue.size() + inFlight;
    }

    /**
     * Sends everything queued now, and waits for it (up to {@code timeout}).
     *
     * @return true when everything queued was handled (sent, rejected or given up) in time
     */
    public boolean flush(Duration timeout) {
        if (pending() == 0) {
            return true;
        }
        flushRequested = true;
        LockSupport.unpark(thread);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            long left;
            while (pending() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return pending() == 0;
                }
            }
        }
        return pending() == 0;
    }

    /**
     * Flushes (up to {@code timeout}), then stops: later reports are dropped, and what could not be sent in time
     * counts as failed.
     *
     * @return true when everything was handled in time
     */
    public boolean close(Duration timeout) {
        boolean flushed = flush(timeout);
        closed = true;
        stopping = true;
        if (thread.isAlive()) {
            thread.interrupt(); // ends a request or a retry's wait
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int left = 0;
        while (queue.poll() != null) {
            left++;
        }
        failed.addAndGet(left);
        return flushed;
    }

    private synchronized void startThread() {
        if (thread.getState() == Thread.State.NEW && !stopping) {
            thread.start();
        }
    }

    private void run() {
        long intervalNanos = settings.flushInterval().toNanos();
        while (!stopping) {
            Queued oldest = queue.peek();
            if (oldest == null) {
                flushRequested = false;
                signalIdle();
                LockSupport.park(this);
                continue;
            }
            long waited = System.nanoTime() - oldest.reportedNanos();
            if (queue.size() < settings.batchSize() && !flushRequested && waited < intervalNanos) {
                LockSupport.parkNanos(this, intervalNanos - waited);
                continue;
            }
            int count = Math.min(queue.size(), settings.batchSize());
            inFlight = count; // before draining, so that pending() never reads 0 in between
            List<Queued> batch = new ArrayList<>(count);
            queue.drainTo(batch, count);
            try {
                send(batch);
            } catch (RuntimeException e) {
                failed.addAndGet(batch.size());
                onError.accept(new TightropeException("an outcome batch failed: " + Failures.describe(e), e));
            } finally {
                inFlight = 0;
                signalIdle();
            }
        }
        signalIdle();
    }

    /** Writes each outcome alone, then posts them in batches of at most {@code maxBatchBytes}. */
    private void send(List<Queued> batch) {
        List<String> chunk = new ArrayList<>(batch.size());
        long bytes = 0;
        for (Queued queued : batch) {
            String line = line(queued);
            if (line == null) {
                continue;
            }
            int size = utf8Length(line);
            if (!chunk.isEmpty() && bytes + size > settings.maxBatchBytes()) {
                post(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(line);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            post(chunk);
        }
    }

    /** The outcome's NDJSON line (with its newline), or null when it cannot be sent (counted, told once). */
    private String line(Queued queued) {
        String reason;
        try {
            String line = OutcomeLine.toJson(queued.outcome(), queued.reportedAt()) + "\n";
            int size = utf8Length(line);
            if (size <= settings.maxBatchBytes()) {
                return line;
            }
            reason = "its line has " + size + " bytes, more than a batch may hold (" + settings.maxBatchBytes() + ")";
        } catch (RuntimeException e) {
            reason = "it cannot be written: " + Failures.describe(e);
        }
        failed.incrementAndGet();
        if (!unwritableTold) {
            unwritableTold = true;
            onError.accept(new TightropeException("Tightrope gave up an outcome: " + reason
                    + " (further ones are counted in failed() only)"));
        }
        return null;
    }

    private static int utf8Length(String text) {
        int ascii = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return text.getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }

    /** Sends one batch with its retries; on 413 sends its halves instead (one line too large alone is given up). */
    private void post(List<String> lines) {
        String ndjson = String.join("", lines);
        String batchId = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
            Duration wait;
            try {
                OutcomesAnswer answer = sink.send(ndjson, batchId);
                sent.addAndGet(answer.deduplicated() ? lines.size() : answer.accepted());
                rejected.addAndGet(answer.rejected().size());
                if (!answer.rejected().isEmpty()) {
                    OutcomesAnswer.Rejection first = answer.rejected().get(0);
                    onError.accept(new TightropeException("Tightrope rejected " + answer.rejected().size()
                            + " outcome(s); line " + first.line() + ": " + first.code() + " " + first.message()));
                }
                return;
            } catch (ApiException e) {
                if (e.status() == 413 && lines.size() > 1) {
                    int half = lines.size() / 2;
                    post(lines.subList(0, half));
                    post(lines.subList(half, lines.size()));
                    return;
                }
                if (!e.retryable()) {
                    onError.accept(new TightropeException("an outcome batch was refused: " + e.getMessage(), e));
                    break;
                }
                Optional<Duration> hinted = e.retryAfter();
                wait = hinted.isPresent() ? capped(hinted.get()) : settings.backoff().delay(attempt);
                if (last(attempt)) {
                    onError.accept(e);
                    break;
                }
            } catch (IOException | TightropeException e) {
                wait = settings.backoff().delay(attempt);
                if (last(attempt)) {
                    onError.accept(new TightropeException("sending an outcome batch failed: "
                            + Failures.describe(e), e));
                    break;
                }
            }
            retries.incrementAndGet();
            sleep(wait);
        }
        failed.addAndGet(lines.size());
    }

    private boolean last(int attempt) {
        return attempt + 1 >= settings.maxAttempts() || stopping;
    }

    private Duration capped(Duration hinted) {
        return hinted.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : hinted;
    }

    private void sleep(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long left;
        while (!stopping && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private void signalIdle() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }
}
