package dev.tightrope.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A stand-in for Slack's incoming webhooks and response URLs: a real HTTP server on the loopback interface (port
 * 0, so any free port) that records every JSON post. By default it answers {@code 200 ok} like Slack; a test can
 * plan other answers per path (a status such as 500, or {@link #HANG}: no answer until {@link #release}), or hold
 * every request to a path.
 */
public final class FakeSlack implements AutoCloseable {

    /** Planned behaviour: accept the request and never answer (until released). */
    public static final int HANG = -1;

    /** One post as received. */
    public record Received(String path, JsonObject body, Instant at) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<Integer>> plans = new ConcurrentHashMap<>();
    private final List<HttpServerRequest> hanging = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> holding = ConcurrentHashMap.newKeySet();

    private FakeSlack(HttpServer server) {
        this.server = server;
    }

    public static FakeSlack start(Vertx vertx) throws Exception {
        FakeSlack[] holder = new FakeSlack[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> holder[0].handle(request));
        holder[0] = new FakeSlack(server);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return holder[0];
    }

    /** The URL of a path on this server, e.g. {@code http://127.0.0.1:41234/services/T1/B1/x}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** The next requests to {@code path} get these answers, in order (a status, or {@link #HANG}); then 200. */
    public void plan(String path, int... answers) {
        Queue<Integer> queue = plans.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
        for (int answer : answers) {
            queue.add(answer);
        }
    }

    /** Every post to {@code path} so far, oldest first. */
    public List<Received> received(String path) {
        List<Received> list = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path)) {
                list.add(r);
            }
        }
        return list;
    }

    /** Every request to {@code path} hangs from now on, until {@link #release}. */
    public void hold(String path) {
        holding.add(path);
    }

    /** Stops holding and answers every hanging request with 200. */
    public void release() {
        holding.clear();
        for (HttpServerRequest request : hanging) {
            request.response().setStatusCode(200).end("ok");
        }
        hanging.clear();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            received.add(new Received(path, body.length() == 0 ? new JsonObject() : body.toJsonObject(),
                    Instant.now()));
            Queue<Integer> plan = plans.get(path);
            Integer answer = holding.contains(path) ? Integer.valueOf(HANG) : plan == null ? null : plan.poll();
            if (answer == null) {
                request.response().setStatusCode(200).end("ok");
            } else if (answer == HANG) {
                hanging.add(request);
            } else {
                request.response().setStatusCode(answer).end(answer >= 500 ? "rollup_error" : "invalid_payload");
            }
        });
    }

    /** How long tests wait for Slack posts. */
    public static Duration patience() {
        return Duration.ofSeconds(20);
    }

    @Override
    public void close() throws Exception {
        release();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
