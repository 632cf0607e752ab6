package dev.tightrope.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * A few route() pollers, each with its own routing key and connection, each sending its next query as soon as the
 * previous one is answered. They record the version and generation every answer shows and, while a rollback is
 * being timed, the moment each poller first sees the rolled-back-to version.
 */
final class Pollers extends AbstractVerticle implements Observers {

    private final Options options;
    private final Buffer[] bodies;
    private final long deadlineNanos;
    final AtomicLongArray versions;
    final AtomicLongArray generations;
    /** Round trips of poll queries, microseconds; read after {@link #stop} completed. */
    final Histogram roundTrips = new Histogram(LoadWorker.MAX_MICROS, 3);
    long errors;
    String firstError;
    private HttpClient client;
    private RequestOptions request;
    private volatile Watch watch;
    private volatile boolean stopping;
    private int active;
    private final Promise<Void> stopped = Promise.promise();

    Pollers(Options options, String agent, long deadlineNanos) {
        this.options = options;
        this.deadlineNanos = deadlineNanos;
        bodies = new Buffer[options.pollers];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = Api.body(Api.ROUTE_MINIMAL, new JsonObject().put("agent", agent)
                    .put("environment", options.environment).put("routingKey", "poller-" + i));
        }
        versions = new AtomicLongArray(options.pollers);
        generations = new AtomicLongArray(options.pollers);
        for (int i = 0; i < options.pollers; i++) {
            generations.set(i, -1);
        }
    }

    @Override
    public void start() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(options.pollers));
        request = Api.graphQLPost(options);
        active = options.pollers;
        for (int i = 0; i < options.pollers; i++) {
            poll(i);
        }
    }

    @Override
    public int count() {
        return options.pollers;
    }

    @Override
    public void watch(Watch watch) {
        this.watch = watch;
    }

    /** Whether every poller has seen a generation of at least {@code generation}. */
    @Override
    public boolean allAtLeast(long generation) {
        for (int i = 0; i < generations.length(); i++) {
            if (generations.get(i) < generation) {
                return false;
            }
        }
        return true;
    }

    /** Stops polling; waits at most {@code seconds} for the last answers. */
    void stopAndWait(int seconds) throws Exception {
        stopping = true;
        stopped.future().toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private void poll(int poller) {
        long start = System.nanoTime();
        if (stopping || start >= deadlineNanos || errors > 10_000) {
            if (--active == 0) {
                stopped.complete();
            }
            return;
        }
        client.request(request)
                .compose(req -> req.send(bodies[poller]))
                .compose(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode());
                    }
                    return new JsonObject(buffer);
                }))
                .onComplete(outcome -> {
                    long end = System.nanoTime();
                    JsonObject route = outcome.succeeded() && outcome.result().getJsonObject("data") != null
                            ? outcome.result().getJsonObject("data").getJsonObject("route") : null;
                    if (route == null) {
                        errors++;
                        if (firstError == null) {
                            firstError = outcome.failed() ? outcome.cause().toString() : outcome.result().encode();
                        }
                    } else {
                        roundTrips.recordValue(Math.min(LoadWorker.MAX_MICROS, (end - start) / 1_000));
                        int version = route.getInteger("version");
                        long generation = route.getLong("generation");
                        versions.set(poller, version);
                        generations.set(poller, generation);
                        Watch current = watch;
                        if (current != null) {
                            current.seen(poller, version, generation, end);
                        }
                    }
                    if (options.pollIntervalMillis > 0) {
                        vertx.setTimer(options.pollIntervalMillis, id -> poll(poller));
                    } else {
                        poll(poller);
                    }
                });
    }
}
