package dev.tightrope.sdk;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.tightrope.sdk.http.Failures;
import dev.tightrope.sdk.http.Transport;
import dev.tightrope.sdk.outcomes.Outcome;
import dev.tightrope.sdk.outcomes.OutcomeReporter;
import dev.tightrope.sdk.routing.Decision;
import dev.tightrope.sdk.routing.RoutingConfig;
import dev.tightrope.sdk.sync.Acknowledger;
import dev.tightrope.sdk.sync.ConfigCache;
import dev.tightrope.sdk.sync.Follower;

/**
 * The Tightrope client of one agent in one environment: local routing from a cached configuration kept current in
 * the background, acknowledgements, fail-static serving and outcome reporting.
 *
 * <pre>{@code
 * try (Tightrope tightrope = Tightrope.builder().url("http://localhost:8080").token("tr_…").agent("support-bot")
 *         .connect()) {
 *     Decision decision = tightrope.route("customer-42");   // from memory, about a microsecond
 *     …
 *     tightrope.report(Outcome.success(decision, 812).taskCompleted(true).build());
 * }
 * }</pre>
 *
 * <p>{@link #route} answers from the configuration in memory: no network, no lock, no wait. While the server is
 * away it keeps answering from the last configuration (fail-static), and {@link #staleness()} says for how long
 * the server has not confirmed it. It throws {@link NotReadyException} only while no configuration is known at
 * all. Everything the server or the network does goes to the error listeners (or, without one, to the logger) and
 * never throws.
 *
 * <p>Threads: a daemon thread follows the configuration, another sends outcomes (from the first report on), and a
 * daemon timer watches the stream and the staleness and retries acknowledgements. Listeners are called on those
 * threads: keep them short, and thread-safe. {@link #close()} stops them all.
 */
public final class Tightrope implements AutoCloseable {

    private final TightropeOptions options;
    private final Follower follower;
    private final Acknowledger acknowledger;
    private final OutcomeReporter outcomes;
    private final ConfigCache cache;
    private final ScheduledThreadPoolExecutor timer;
    private final List<Consumer<RoutingConfig>> configListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Duration>> staleListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<TightropeException>> errorListeners = new CopyOnWriteArrayList<>();
    private final Object readiness = new Object();
    private volatile RoutingConfig current;
    private volatile Instant confirmedAt;
    private volatile Instant updatedAt;
    private volatile boolean staleReported;
    private volatile boolean started;
    private Boolean closed;

    private Tightrope(TightropeOptions options) {
        this.options = options;
        String name = options.agent() + "/" + options.environment();
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tightrope-timer " + name);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        Transport transport = new Transport(options.httpClient().orElseGet(() ->
                Transport.defaultClient(options.timeout())), options.url(), options.token(), options.agent(),
                options.environment(), options.timeout(), options.clock());
        this.outcomes = new OutcomeReporter(transport::postOutcomes, new OutcomeReporter.Settings(
                options.outcomeQueueSize(), options.outcomeBatchSize(), options.outcomeFlushInterval(),
                options.outcomeMaxAttempts(), options.backoff(), options.maxRetryAfter()), options.clock(),
                this::fail, "tightrope-outcomes " + name);
        this.acknowledger = options.acknowledge() ? new Acknowledger(
                generation -> transport.acknowledge(generation, options.runtimeId()), options.backoff(), this::fail, 5,
                timer) : null;
        this.follower = new Follower(transport, new Follower.Settings(options.runtimeId(), options.pollInterval(),
                options.streamFailuresBeforePolling(), options.streamRetryInterval(), options.streamReadTimeout(),
                options.backoff()), new FollowerEvents(), timer, "tightrope-follower " + name);
        this.cache = options.cacheFile().map(ConfigCache::new).orElse(null);
        if (cache != null) {
            cache.load(options.agent(), options.environment(), problem -> fail(new TightropeException(problem)))
                    .ifPresent(config -> current = config);
        }
    }

    /** The builder of the options; its {@code connect()} ends in {@link #connect}. */
    public static TightropeOptions.Builder builder() {
        return TightropeOptions.builder();
    }

    /**
     * A started client, once its first configuration is known or {@code waitForConfig} (10 s) passed, whichever
     * comes first: then {@link #generation()} is empty and {@link #route} throws {@link NotReadyException} until one
     * arrives (as the other SDKs do). Use {@link #awaitReady} to insist.
     */
    public static Tightrope connect(TightropeOptions options) {
        Tightrope tightrope = create(options);
        tightrope.waitForConfig(options.waitForConfig());
        return tightrope;
    }

    /** A client that starts following the configuration at once (unless {@code start(false)}), without waiting. */
    public static Tightrope create(TightropeOptions options) {
        Tightrope tightrope = new Tightrope(options);
        if (options.start()) {
            tightrope.start();
        }
        return tightrope;
    }

    /** Starts following the configuration (only needed with {@code start(false)}). */
    public synchronized void start() {
        if (started || closed != null) {
            return;
        }
        started = true;
        follower.start();
        long periodNanos = Math.min(TimeUnit.SECONDS.toNanos(1), options.staleAfter().toNanos());
        timer.scheduleAtFixedRate(this::checkStaleness, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until a configuration is known (from the server or the file cache).
     *
     * @return this client
     * @throws NotReadyException when none came within {@code timeout}
     */
    public Tightrope awaitReady(Duration timeout) {
        if (!waitForConfig(timeout)) {
            throw new NotReadyException("no routing configuration of " + options.agent() + "/"
                    + options.environment() + " within " + timeout.toMillis() + " ms");
        }
        return this;
    }

    /**
     * The decision for one request, from memory: sticky by {@code routingKey}, as the server's route() decides.
     * {@code null} or {@code ""} routes at random by weight.
     *
     * @throws NotReadyException while no configuration is known at all
     */
    public Decision route(String routingKey) {
        RoutingConfig config = current;
        if (config == null) {
            throw new NotReadyException("no routing configuration of " + options.agent() + "/"
                    + options.environment() + " yet");
        }
        return config.route(routingKey, options.random());
    }

    /** A keyless decision: random by weight, not sticky. */
    public Decision route() {
        return route(null);
    }

    /** The current configuration. */
    public Optional<RoutingConfig> config() {
        return Optional.ofNullable(current);
    }

    /** The current configuration's generation. */
    public OptionalLong generation() {
        RoutingConfig config = current;
        return config == null ? OptionalLong.empty() : OptionalLong.of(config.generation());
    }

    /**
     * How long since the server last confirmed that the configuration is current (an event, a heartbeat, a 304 or
     * a 200), by the options' clock; empty when it never has (nothing yet, or only the file cache).
     */
    public Optional<Duration> staleness() {
        Instant confirmed = confirmedAt;
        if (confirmed == null) {
            return Optional.empty();
        }
        Duration staleness = Duration.between(confirmed, options.clock().instant());
        return Optional.of(staleness.isNegative() ? Duration.ZERO : staleness);
    }

    /** When the configuration last changed in this client. */
    public Optional<Instant> lastUpdated() {
        return Optional.ofNullable(updatedAt);
    }

    /** How the configuration is being kept current: the stream, or polling. */
    public SyncMode mode() {
        return follower.mode();
    }

    /** Streams reopened after one ended or failed. */
    public long reconnects() {
        return follower.reconnects();
    }

    /** Acknowledgements the server took. */
    public long acknowledged() {
        return acknowledger == null ? 0 : acknowledger.acknowledged();
    }

    /** The newest generation acknowledged (0: none). */
    public long acknowledgedGeneration() {
        return acknowledger == null ? 0 : acknowledger.acknowledgedGeneration();
    }

    /**
     * Queues the outcome of a request; never blocks, never throws for the server's trouble.
     *
     * @return false when it was dropped: the queue was full, or the client is closed
     * @throws NullPointerException if {@code outcome} is null (a programming error)
     */
    public boolean report(Outcome outcome) {
        Objects.requireNonNull(outcome, "Tightrope: report() needs an outcome (Outcome.success/error(decision, ms))");
        return outcomes.report(outcome);
    }

    /** The outcome reporter: its counters ({@code sent}, {@code dropped}, …) and {@code flush}. */
    public OutcomeReporter outcomes() {
        return outcomes;
    }

    public String agent() {
        return options.agent();
    }

    public String environment() {
        return options.environment();
    }

    public String runtimeId() {
        return options.runtimeId();
    }

    public TightropeOptions options() {
        return options;
    }

    /** Tells {@code listener} of each new generation applied (after it was cached; its acknowledgement is on its way). */
    public Registration onConfigChanged(Consumer<RoutingConfig> listener) {
        return add(configListeners, listener);
    }

    /** Tells {@code listener} once the staleness passes {@code staleAfter}, and again after each new confirmation. */
    public Registration onStale(Consumer<Duration> listener) {
        return add(staleListeners, listener);
    }

    /** Tells {@code listener} of what fails in the background (the client goes on); without one, the logger is told. */
    public Registration onError(Consumer<TightropeException> listener) {
        return add(errorListeners, listener);
    }

    /** {@link #close(Duration)} with 10 s for the outcomes still queued. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Stops following the configuration and sends the outcomes still queued, up to {@code timeout}. Closing twice
     * is fine.
     *
     * @return true when every outcome was handled in time
     */
    public synchronized boolean close(Duration timeout) {
        if (closed != null) {
            return closed;
        }
        follower.close(Duration.ofSeconds(5));
        if (acknowledger != null) {
            acknowledger.close();
        }
        boolean flushed = outcomes.close(timeout);
        timer.shutdownNow();
        closed = flushed;
        return flushed;
    }

    private boolean waitForConfig(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (readiness) {
            long left;
            while (current == null && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(readiness, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return current != null;
    }

    private void apply(RoutingConfig config) {
        RoutingConfig previous = current;
        confirm();
        if (config.sameAs(previous)) {
            return; // the same configuration again (a resumed stream, a poll after the file cache)
        }
        current = config;
        updatedAt = options.clock().instant();
        if (cache != null) {
            try {
                cache.save(config);
            } catch (IOException | RuntimeException e) {
                fail(new TightropeException("could not write the cache file " + cache.path() + ": "
                        + Failures.describe(e), e));
            }
        }
        if (acknowledger != null) {
            acknowledger.acknowledge(config.generation());
        }
        for (Consumer<RoutingConfig> listener : configListeners) {
            try {
                listener.accept(config);
            } catch (RuntimeException e) {
                fail(new TightropeException("a configChanged listener threw: " + Failures.describe(e), e));
            }
        }
        synchronized (readiness) {
            readiness.notifyAll(); // last: connect() returns once the configuration is cached and its listeners told
        }
    }

    private void confirm() {
        confirmedAt = options.clock().instant();
        staleReported = false;
    }

    private void checkStaleness() {
        Optional<Duration> staleness = staleness();
        if (staleness.isEmpty() || staleReported || staleness.get().compareTo(options.staleAfter()) < 0) {
            return;
        }
        staleReported = true;
        for (Consumer<Duration> listener : staleListeners) {
            try {
                listener.accept(staleness.get());
            } catch (RuntimeException e) {
                fail(new TightropeException("a stale listener threw: " + Failures.describe(e), e));
            }
        }
    }

    private void fail(TightropeException error) {
        if (errorListeners.isEmpty()) {
            options.logger().ifPresent(logger -> logger.log(System.Logger.Level.WARNING, "Tightrope "
                    + options.agent() + "/" + options.environment() + ": " + error.getMessage()));
            return;
        }
        for (Consumer<TightropeException> listener : errorListeners) {
            try {
                listener.accept(error);
            } catch (RuntimeException e) {
                options.logger().ifPresent(logger -> logger.log(System.Logger.Level.WARNING,
                        "Tightrope: an error listener threw", e));
            }
        }
    }

    private static <T> Registration add(List<T> listeners, T listener) {
        if (listener == null) {
            throw new NullPointerException("a listener");
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The follower's view of this client. */
    private final class FollowerEvents implements Follower.Listener {

        @Override
        public void apply(RoutingConfig config) {
            Tightrope.this.apply(config);
        }

        @Override
        public void confirm() {
            Tightrope.this.confirm();
        }

        @Override
        public Long generation() {
            RoutingConfig config = current;
            return config == null ? null : config.generation();
        }

        @Override
        public void error(TightropeException error) {
            fail(error);
        }
    }
}
