package dev.tightrope.bench;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * {@code configChanged} subscribers over WebSocket, speaking {@code graphql-transport-ws} the way the app does
 * (src/test/java/dev/tightrope/testing/GraphQLWebSocket.java): {@code connection_init} &rarr;
 * {@code connection_ack} &rarr; {@code subscribe} &rarr; a {@code next} message with the current configuration, then
 * one per change. Acknowledgements are GraphQL {@code acknowledgeConfig} mutations over HTTP.
 */
final class WebSocketGroup extends SubscriberGroup {

    private final WebSocket[] sockets;
    private WebSocketClient webSockets;
    private Api api;

    WebSocketGroup(Subscribers all, int first, int size) {
        super(all, first, size);
        this.sockets = new WebSocket[size];
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
        List<Future<Void>> closed = new ArrayList<>();
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

    @Override
    void connect(int local) {
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(all.options.host)
                .setPort(all.options.port).setURI("/graphql").addSubProtocol("graphql-transport-ws")
                .setTimeout(10_000);
        // the token goes in connection_init only: the server refuses one given in both places (close 4400)
        webSockets.connect(connect).onComplete(outcome -> {
            if (outcome.failed()) {
                fail(local, "cannot connect: " + outcome.cause().getMessage());
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
    }

    @Override
    void disconnect(int local) {
        if (sockets[local] != null && !sockets[local].isClosed()) {
            sockets[local].close();
        }
    }

    private void onMessage(int local, String text) {
        long now = System.nanoTime();
        if (failed(local)) {
            return;
        }
        String type = typeOf(text);
        switch (type) {
            case "next" -> configuration(local, text, now, () -> new JsonObject(text).getJsonObject("payload")
                    .getJsonObject("data").getJsonObject("configChanged"));
            case "connection_ack" -> sockets[local].writeTextMessage(all.subscribeMessage(first + local));
            case "ping" -> sockets[local].writeTextMessage("{\"type\":\"pong\"}");
            case "pong" -> {
                // answer to nothing we sent; harmless
            }
            default -> fail(local, "unexpected '" + type + "' message: " + abbreviate(text));
        }
    }

    /** acknowledgeConfig over HTTP, as a runtime does once it uses the configuration. */
    @Override
    void acknowledge(int index, int version, long generation) {
        long start = System.nanoTime();
        api.send(Api.ACKNOWLEDGE, new JsonObject().put("agent", all.agent)
                        .put("environment", all.options.environment).put("generation", generation)
                        .put("runtimeId", Subscribers.runtimeId(index)),
                        () -> all.acknowledgementSent(version, generation, System.nanoTime()))
                .onComplete(outcome -> all.acknowledged(index, version, generation, start, System.nanoTime(),
                        outcome.succeeded() ? null : outcome.cause().getMessage()));
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
}
