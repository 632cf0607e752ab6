package dev.tightrope.demo.application;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.jboss.logging.Logger;

import dev.tightrope.demo.domain.OutcomeLine;
import dev.tightrope.demo.domain.RequestPacer;
import dev.tightrope.demo.domain.RoutingConfig;
import dev.tightrope.demo.domain.ServerSentEvents;
import dev.tightrope.demo.domain.SyntheticOutcome;
import dev.tightrope.demo.domain.TrafficModel;
import io.vertx.core.json.JsonObject;

/**
 * The demo's agent runtime, doing what docs/runtime-api.md asks of a real one, over HTTP with a RUNTIME token:
 * it follows the deployment's configuration stream with a {@code runtimeId} (so every traffic change waits for its
 * acknowledgement), acknowledges each generation it switches to, routes each synthetic request locally by the
 * bucketing rule, and reports every request's outcome in NDJSON batches with a {@code batchId}, retrying a batch the
 * server could not take (429, 503) with the same id.
 */
final class DemoRuntime {

    private static final Logger LOG = Logger.getLogger(DemoRuntime.class);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);
    /** Batches kept for a retry at most; older ones are dropped (the demo's traffic is synthetic). */
    private static final int MAX_PENDING = 20;

    private final DemoClient client;
    private final String token;
    private final String agent;
    private final String environment;
    private final String runtimeId;
    private final TrafficModel traffic;
    private final RequestPacer pacer;
    private final RandomGenerator random;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Duration reportEvery;
    private final Runnable onRefused;

    private final ServerSentEvents events = new ServerSentEvents();
    private final Deque<Batch> pending = new ArrayDeque<>();
    private volatile RoutingConfig config;
    private volatile boolean stopped;
    private volatile Flow.Subscription stream;
    private ScheduledFuture<?> reporting;
    private Instant lastReport;
    private long batches;

    private record Batch(String id, String lines) {
    }

    /**
     * @param onRefused called when the server refuses the token (revoked or expired): the driver starts over
     */
    DemoRuntime(DemoClient client, String token, String agent, String environment, String runtimeId,
            TrafficModel traffic, double requestsPerSecond, RandomGenerator random, Clock clock,
            ScheduledExecutorService executor, Duration reportEvery, Runnable onRefused) {
        this.client = client;
        this.token = token;
        this.agent = agent;
        this.environment = environment;
        this.runtimeId = runtimeId;
        this.traffic = traffic;
        this.pacer = new RequestPacer(requestsPerSecond);
        this.random = random;
        this.clock = clock;
        this.executor = executor;
        this.reportEvery = reportEvery;
        this.onRefused = onRefused;
    }

    void start() {
        lastReport = clock.instant();
        connect();
        reporting = executor.scheduleWithFixedDelay(this::serveAndReport, reportEvery.toMillis(),
                reportEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        stopped = true;
        if (reporting != null) {
            reporting.cancel(false);
        }
        Flow.Subscription open = stream;
        if (open != null) {
            open.cancel();
        }
    }

    /** The configuration the runtime routes by; null until the stream brought one. */
    RoutingConfig config() {
        return config;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        client.configStream(token, agent, environment, runtimeId, events.lastEventId(), new Lines())
                .whenComplete((response, failure) -> {
                    if (stopped) {
                        return;
                    }
                    if (response != null && response.statusCode() == 401) {
                        onRefused.run();
                        return;
                    }
                    if (failure != null) {
                        LOG.debugf("demo runtime: configuration stream failed (%s); reconnecting", failure.toString());
                    } else if (response.statusCode() != 200) {
                        LOG.debugf("demo runtime: configuration stream answered %d; reconnecting", response.statusCode());
                    }
                    executor.schedule(this::connect, RECONNECT_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                });
    }

    /** The stream's lines, as they arrive. */
    private final class Lines implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            stream = subscription;
            if (stopped) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            events.accept(line).filter(event -> "config".equals(event.type())).ifPresent(event -> apply(event.data()));
        }

        @Override
        public void onError(Throwable failure) {
            // the sending future completes exceptionally too, and reconnects
        }

        @Override
        public void onComplete() {
            // likewise
        }
    }

    private void apply(String json) {
        try {
            JsonObject body = new JsonObject(json);
            JsonObject canary = body.getJsonObject("canary");
            RoutingConfig next = new RoutingConfig(body.getLong("generation"),
                    body.getJsonObject("stable").getInteger("version"),
                    canary == null ? null : canary.getInteger("version"), body.getInteger("weight", 0),
                    body.getString("salt"), body.getString("rolloutId"));
            config = next;
            client.acknowledge(token, agent, environment, next.generation(), runtimeId)
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 200) {
                            LOG.debugf("demo runtime: acknowledging generation %d failed: %s", next.generation(),
                                    failure != null ? failure : response.body());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warnf("demo runtime: a configuration it cannot read: %s", e.toString());
        }
    }

    /** Serves the requests due since the last report (routing each locally) and reports their outcomes. */
    private void serveAndReport() {
        try {
            Instant now = clock.instant();
            Duration elapsed = Duration.between(lastReport, now);
            int due = pacer.due(elapsed);
            RoutingConfig routing = config;
            if (routing != null && due > 0) {
                StringBuilder lines = new StringBuilder(due * 280);
                for (int i = 0; i < due; i++) {
                    Instant at = lastReport.plus(elapsed.multipliedBy(i + 1).dividedBy(due));
                    RoutingConfig.Routed routed = routing.route("customer-" + random.nextInt(1_000_000_000), random);
                    SyntheticOutcome outcome = traffic.draw(routed.version(), random);
                    lines.append(OutcomeLine.render(agent, environment, routed.version(), routed.arm(),
                            routing.generation(), routing.rolloutId(), at, outcome)).append('\n');
                }
                pending.addLast(new Batch(runtimeId + "-" + now.toEpochMilli() + "-" + (++batches), lines.toString()));
                while (pending.size() > MAX_PENDING) {
                    pending.removeFirst();
                }
            }
            lastReport = now;
            sendPending();
        } catch (RuntimeException e) {
            LOG.debugf("demo runtime: reporting failed (%s); retrying with the next batch", e.toString());
        }
    }

    private void sendPending() {
        while (!pending.isEmpty() && !stopped) {
            Batch batch = pending.peekFirst();
            HttpResponse<String> answer = client.reportOutcomes(token, batch.id(), batch.lines());
            int status = answer.statusCode();
            if (status == 429 || status == 503) {
                return; // the same batch, with the same id, next time
            }
            pending.removeFirst();
            if (status == 401) {
                onRefused.run();
                return;
            }
            if (status != 200) {
                LOG.warnf("demo runtime: outcomes refused with HTTP %d: %s", status, answer.body());
            }
        }
    }
}
