package dev.tightrope.testing;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * A real GraphQL-over-WebSocket client ({@code graphql-transport-ws}) for subscription tests: connects, sends
 * {@code connection_init} (with the bootstrap ADMIN token in {@code authorization} unless the test says otherwise),
 * subscribes with documents from {@code src/test/resources/graphql/}, and queues every message the server sends.
 */
public final class GraphQLWebSocket implements AutoCloseable {

    private final HttpClient client;
    private final WebSocket socket;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<Short> closed = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();

    private GraphQLWebSocket(HttpClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(messages::add);
        socket.closeHandler(ignored -> closed.add(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode()));
    }

    /**
     * Connects to {@code /graphql} of the app at {@code base} and completes the connection_init handshake, as the
     * bootstrap ADMIN unless {@code initPayload} has its own {@code authorization}.
     */
    public static GraphQLWebSocket connect(Vertx vertx, URI base, Map<String, Object> initPayload) throws Exception {
        Map<String, Object> payload = new HashMap<>(initPayload);
        payload.putIfAbsent("authorization", "Bearer " + Tokens.admin());
        GraphQLWebSocket connection = open(vertx, base, payload);
        connection.awaitAck();
        return connection;
    }

    /** Connects with this token in connection_init ({@code null}: no authorization) and waits for the ack. */
    public static GraphQLWebSocket connectAs(Vertx vertx, URI base, String token) throws Exception {
        GraphQLWebSocket connection = open(vertx, base, token == null ? Map.of()
                : Map.of("authorization", "Bearer " + token));
        connection.awaitAck();
        return connection;
    }

    /** Connects and sends connection_init with exactly this payload, without waiting for the answer. */
    public static GraphQLWebSocket open(Vertx vertx, URI base, Map<String, Object> initPayload) throws Exception {
        GraphQLWebSocket connection = openWithoutInit(vertx, base);
        connection.socket.writeTextMessage(new JsonObject().put("type", "connection_init").put("payload", initPayload)
                .encode());
        return connection;
    }

    /** Connects and sends nothing, not even connection_init. */
    public static GraphQLWebSocket openWithoutInit(Vertx vertx, URI base) throws Exception {
        HttpClient client = vertx.createHttpClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setURI("/graphql")
                .addSubProtocol("graphql-transport-ws");
        WebSocket socket = client.webSocket(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new GraphQLWebSocket(client, socket);
    }

    private void awaitAck() throws InterruptedException {
        JsonObject ack = next(Duration.ofSeconds(10));
        if (!"connection_ack".equals(ack.getString("type"))) {
            throw new IllegalStateException("expected connection_ack, got " + ack);
        }
    }

    /** The status code the server closed the socket with, waiting at most {@code timeout}. */
    public short awaitClose(Duration timeout) throws InterruptedException {
        Short code = closed.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (code == null) {
            throw new AssertionError("the socket was not closed within " + timeout);
        }
        return code;
    }

    /** The reason the server closed the socket with (after {@link #awaitClose}), or null. */
    public String closeReason() {
        return socket.closeReason();
    }

    /** Whether the socket is closed. */
    public boolean isClosed() {
        return socket.isClosed();
    }

    /** Starts a subscription with the named document ({@code graphql/<name>.graphql}); returns its id. */
    public String subscribe(String document, Map<String, Object> variables) {
        return subscribeText(GraphQLClient.load(document), variables);
    }

    /** Starts a subscription with this document text; returns its id. */
    public String subscribeText(String query, Map<String, Object> variables) {
        String id = Integer.toString(ids.incrementAndGet());
        subscribeText(id, query, variables);
        return id;
    }

    /** Starts a subscription with this id and document text. */
    public void subscribeText(String id, String query, Map<String, Object> variables) {
        socket.writeTextMessage(new JsonObject()
                .put("id", id)
                .put("type", "subscribe")
                .put("payload", new JsonObject().put("query", query).put("variables", variables))
                .encode());
    }

    /** Ends the subscription {@code id} (a {@code complete} message from the client). */
    public void complete(String id) {
        send(new JsonObject().put("id", id).put("type", "complete"));
    }

    /** The next message from the server (any type), waiting at most {@code timeout}. */
    public JsonObject next(Duration timeout) throws InterruptedException {
        return new JsonObject(nextText(timeout));
    }

    /** The next message from the server exactly as it was sent, waiting at most {@code timeout}. */
    public String nextText(Duration timeout) throws InterruptedException {
        String message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return message;
    }

    /** Sends this message as it is (for protocol tests). */
    public void send(JsonObject message) {
        socket.writeTextMessage(message.encode());
    }

    /** Sends this text as it is, even when it is not JSON (for protocol and input tests). */
    public void sendText(String text) {
        socket.writeTextMessage(text);
    }

    /** The data of the next {@code next} message, skipping pings. */
    public JsonObject nextData(Duration timeout) throws InterruptedException {
        while (true) {
            JsonObject message = next(timeout);
            String type = message.getString("type");
            if ("ping".equals(type)) {
                socket.writeTextMessage(new JsonObject().put("type", "pong").encode());
                continue;
            }
            if (!"next".equals(type)) {
                throw new AssertionError("expected a 'next' message, got " + message);
            }
            JsonObject payload = message.getJsonObject("payload");
            if (payload.getValue("errors") != null) {
                throw new AssertionError("subscription error: " + payload);
            }
            return payload.getJsonObject("data");
        }
    }

    /** Whether a message is already waiting (without consuming it). */
    public boolean hasPending() {
        return !messages.isEmpty();
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
