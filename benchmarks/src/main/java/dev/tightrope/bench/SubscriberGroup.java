package dev.tightrope.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * The {@code configChanged} subscriptions of one client event loop: subscribers {@code first} to
 * {@code first + size - 1}, one WebSocket each, speaking {@code graphql-transport-ws} the way the app does
 * (src/test/java/dev/tightrope/testing/GraphQLWebSocket.java): {@code connection_init} &rarr;
 * {@code connection_ack} &rarr; {@code subscribe} &rarr; a {@code next} message with the current configuration, then
 * one per change. A subscriber counts as open once that first configuration has arrived.
 *
 * <p>Everything here runs on this verticle's event loop, so the per-subscriber state needs no locks; what the main
 * thread reads goes through {@link Subscribers}.
 *
 * <p><b>Reading a configuration cheaply.</b> A rollback reaches every subscriber at once, and this client shares the
 * machine's cores with the server, so a full JSON parse of each ~2 KB message would delay the later subscribers of
 * the same event loop. A {@code next} message is therefore read by position: the first {@code "generation":} and the
 * first {@code "stable":{"version":} of the text. The server writes the fields in the order of the document
 * ({@code agent environment generation weight salt rolloutId stable { version ...}}), before any component content,
 * and quotes inside strings are escaped, so these are the top-level values. The first message of every subscriber
 * is also parsed in full and must agree, and a message with {@code "errors"} is an error.
 */
final class SubscriberGroup extends AbstractVerticle {

    private static final String GENERATION = "\"generation\":";
    private static final String STABLE_VERSION = "\"stable\":{\"version\":";
    private static final long MISSING = Long.MIN_VALUE;
    /** Stages of one subscriber. */
    private static final byte CONNECTING = 0;
    private static final byte SUBSCRIBING = 1;
    private static final byte OPEN = 2;
    private static final byte FAILED = 3;

    private final Subscribers all;
    private final int first;
    private final int size;
    private final WebSocket[] sockets;
    private final byte[] stages;
    @SuppressWarnings("unchecked")
    private final Promise<Void>[] established;
    private WebSocketClient webSockets;
    private Api api;
    private boolean closing;

    private Promise<Void> opened;
    private int nextToOpen;
    private int openCount;

    @SuppressWarnings("unchecked")
    SubscriberGroup(Subscribers all, int first, int size) {
        this.all = all;
        this.first = first;
        this.size = size;
        this.sockets = new WebSocket[size];
        this.stages = new byte[size];
        this.established = new Promise[size];
    }

    @Override
    public void start() {
        webSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Math.max(1, size))
                .setConnectTimeout(10_000).setClosingTimeout(2));
        Api connections = new Api(vertx, all.options, all.options.ackConnections);
        api = all.runtimeToken == null ? connections : connections.as(all.runtimeToken);
    }

    /** Closes every WebSocket (the server then ends the subscriptions) and the clients. */
    @Override
    public void stop(Promise<Void> stopped) {
        closing = true;
        java.util.List<Future<Void>> closed = new java.util.ArrayList<>();
        for (WebSocket socket : sockets) {
            if (socket != null && !socket.isClosed()) {
                closed.add(socket.close());
            }
        }
        Future.join(closed)
                .eventually(() -> api.close())
                .eventually(() -> webSockets.close())
                .onComplete(ignored -> stopped.complete());
    }

    /**
     * Opens this group's subscriptions, at most {@code concurrency} at a time; fails at the first subscriber that
     * cannot be opened, or at {@code deadlineNanos} with how many were open by then.
     */
    Future<Void> open(int concurrency, long deadlineNanos) {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(ignored -> {
            opened = promise;
            if (size == 0) {
                promise.complete();
                return;
            }
            long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            vertx.setTimer(delayMillis, id -> promise.tryFail(new IllegalStateException(String.format(
                    "subscribers %d..%d: only %d of %d open when the time limit was reached", first,
                    first + size - 1, openCount, size))));
            for (int i = 0; i < Math.min(concurrency, size); i++) {
                openNext();
            }
        });
        return promise.future();
    }

    private void openNext() {
        if (opened.future().isComplete() || nextToOpen == size) {
            return;
        }
        int local = nextToOpen++;
        connect(local).onComplete(outcome -> {
            if (outcome.failed()) {
                opened.tryFail(new IllegalStateException("subscriber " + (first + local) + " could not subscribe: "
                        + outcome.cause().getMessage() + " (" + openCount + " of this group's " + size
                        + " were open)", outcome.cause()));
                return;
            }
            if (++openCount == size) {
                opened.tryComplete();
            } else {
                openNext();
            }
        });
    }

    private Future<Void> connect(int local) {
        Promise<Void> promise = Promise.promise();
        established[local] = promise;
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(all.options.host)
                .setPort(all.options.port).setURI("/graphql").addSubProtocol("graphql-transport-ws")
                .setTimeout(10_000);
        // the token goes in connection_init only: the server refuses one given in both places (close 4400)
        webSockets.connect(connect).onComplete(outcome -> {
            if (outcome.failed()) {
                stages[local] = FAILED;
                promise.tryFail(outcome.cause());
                return;
            }
            WebSocket socket = outcome.result();
            sockets[local] = socket;
            socket.textMessageHandler(text -> onMessage(local, text));
            socket.exceptionHandler(error -> fail(local, "WebSocket error: " + error));
            socket.closeHandler(ignored -> fail(local, "closed by the server (status " + socket.closeStatusCode()
                    + " " + socket.closeReason() + ")"));
            socket.writeTextMessage(all.initMessage);
        });
        return promise.future();
    }

    private void onMessage(int local, String text) {
        long now = System.nanoTime();
        if (stages[local] == FAILED) {
            return;
        }
        String type = typeOf(text);
        switch (type) {
            case "next" -> onNext(local, text, now);
            case "connection_ack" -> {
                stages[local] = SUBSCRIBING;
                sockets[local].writeTextMessage(all.subscribeMessage(first + local));
            }
            case "ping" -> sockets[local].writeTextMessage("{\"type\":\"pong\"}");
            case "pong" -> {
                // answer to nothing we sent; harmless
            }
            default -> fail(local, "unexpected '" + type + "' message: " + abbreviate(text));
        }
    }

    private void onNext(int local, String text, long now) {
        long generation = number(text, GENERATION);
        long version = number(text, STABLE_VERSION);
        if (generation == MISSING || version == MISSING || text.contains("\"errors\"")) {
            fail(local, "unexpected 'next' message: " + abbreviate(text));
            return;
        }
        if (stages[local] != OPEN) {
            JsonObject config = new JsonObject(text).getJsonObject("payload").getJsonObject("data")
                    .getJsonObject("configChanged");
            if (config.getLong("generation") != generation
                    || config.getJsonObject("stable").getInteger("version") != version) {
                fail(local, "the quick read disagrees with the full parse of: " + abbreviate(text));
                return;
            }
            stages[local] = OPEN;
            established[local].tryComplete();
            established[local] = null;
        }
        int index = first + local;
        all.received(index, (int) version, generation, now);
        if (all.options.ack) {
            acknowledge(index, (int) version, generation);
        }
    }

    /** acknowledgeConfig over HTTP, as a runtime does once it uses the configuration. */
    private void acknowledge(int index, int version, long generation) {
        long start = System.nanoTime();
        api.send(Api.ACKNOWLEDGE, new JsonObject().put("agent", all.agent)
                        .put("environment", all.options.environment).put("generation", generation)
                        .put("runtimeId", Subscribers.runtimeId(index)))
                .onComplete(outcome -> all.acknowledged(index, version, generation, start, System.nanoTime(),
                        outcome.succeeded() ? null : outcome.cause().getMessage()));
    }

    private void fail(int local, String reason) {
        if (stages[local] == FAILED || closing) {
            return;
        }
        boolean wasOpen = stages[local] == OPEN;
        stages[local] = FAILED;
        all.failed(first + local, reason, wasOpen);
        Promise<Void> pending = established[local];
        if (pending != null) {
            pending.tryFail(new IllegalStateException(reason));
        }
        if (sockets[local] != null && !sockets[local].isClosed()) {
            sockets[local].close();
        }
    }

    /** The protocol message type: read by position when it comes before the payload, else by a full parse. */
    static String typeOf(String text) {
        int type = text.indexOf("\"type\":\"");
        int payload = text.indexOf("\"payload\"");
        if (type >= 0 && (payload < 0 || type < payload)) {
            int from = type + 8;
            int to = text.indexOf('"', from);
            if (to > from) {
                return text.substring(from, to);
            }
        }
        try {
            return String.valueOf(new JsonObject(text).getString("type"));
        } catch (RuntimeException e) {
            return "unparseable";
        }
    }

    /** The integer right after the first occurrence of {@code key}, or {@link #MISSING}. */
    static long number(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return MISSING;
        }
        int i = at + key.length();
        boolean negative = i < text.length() && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && digits < 18) {
            value = value * 10 + (text.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? MISSING : negative ? -value : value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
