package dev.tightrope.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.tightrope.fuzz.FuzzCase.SocketCall;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * Plays a case's WebSocket conversation against {@code /graphql} over loopback: connects with subprotocol
 * {@code graphql-transport-ws}, sends {@code connection_init} (with the case's credential) and waits for the
 * answer, sends the frames, then waits until every awaited id has its first answer and a closing {@code ping} has
 * its {@code pong} (so everything sent before was handled), or the server closed the socket. A subscription that
 * answered is completed by the client. Bounded by {@link #PATIENCE}.
 */
final class SocketSender {

    static final Duration PATIENCE = Duration.ofSeconds(10);
    /**
     * How long a malformed connection_init may go unanswered: a refusal takes milliseconds, and a server that neither
     * acknowledges nor refuses one is a fault. A well-formed one with a valid token gets {@link #PATIENCE}.
     */
    static final Duration INIT_PATIENCE = Duration.ofSeconds(3);
    private static final String CLOSED = "\u0000closed";

    private final Vertx vertx;
    private final int port;
    private final HttpSender.Credentials credentials;

    SocketSender(Vertx vertx, int port, HttpSender.Credentials credentials) {
        this.vertx = vertx;
        this.port = port;
        this.credentials = credentials;
    }

    Answer play(SocketCall call, List<String> frames) {
        HttpClient client = vertx.createHttpClient();
        try {
            WebSocket socket = client.webSocket(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                    .setURI("/graphql").addSubProtocol("graphql-transport-ws"))
                    .toCompletionStage().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            socket.textMessageHandler(inbox::add);
            socket.closeHandler(ignored -> inbox.add(CLOSED));
            List<String> received = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            boolean closed = false;
            if (call.init() != null) {
                socket.writeTextMessage(call.init().replace("$AUTH", credentials.token(call.auth())));
                Duration patience = SocketCases.INIT.equals(call.init()) ? PATIENCE : INIT_PATIENCE;
                String first = inbox.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    return Answer.socket(received, null, null, "connection_init neither acknowledged nor refused "
                            + "within " + patience);
                }
                closed = first.equals(CLOSED);
                if (!closed) {
                    received.add(first);
                }
            }
            if (!closed) {
                frames.forEach(socket::writeTextMessage);
                socket.writeTextMessage("{\"type\":\"ping\",\"payload\":{\"fz\":\"barrier\"}}");
                Boolean ended = await(socket, inbox, received, new HashSet<>(call.awaited()), deadline);
                if (ended == null) {
                    return Answer.socket(received, null, null, "the server did not answer every operation and the "
                            + "closing ping within " + PATIENCE);
                }
                closed = ended;
            }
            Short code = socket.closeStatusCode();
            String reason = socket.closeReason();
            if (!socket.isClosed()) {
                socket.close();
            }
            return Answer.socket(received, closed ? code : null, closed ? reason : null, null);
        } catch (java.util.concurrent.ExecutionException e) {
            return Answer.failed("WebSocket: " + e.getCause());
        } catch (Exception e) {
            return Answer.failed("WebSocket: " + e);
        } finally {
            client.close();
        }
    }

    /** True when the server closed the socket, false when all was answered, null at the deadline. */
    private static Boolean await(WebSocket socket, BlockingQueue<String> inbox, List<String> received,
            Set<String> waiting, long deadline) throws InterruptedException {
        boolean ponged = false;
        while (!waiting.isEmpty() || !ponged) {
            long left = deadline - System.nanoTime();
            String message = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                return null;
            }
            if (message.equals(CLOSED)) {
                return true;
            }
            received.add(message);
            JsonObject json = parse(message);
            Object type = json == null ? null : json.getValue("type");
            Object id = json == null ? null : json.getValue("id");
            if ("pong".equals(type)) {
                ponged = true;
            } else if ("ping".equals(type)) {
                socket.writeTextMessage("{\"type\":\"pong\"}");
            } else if (id instanceof String operation && waiting.remove(operation) && "next".equals(type)) {
                socket.writeTextMessage("{\"type\":\"complete\",\"id\":" + io.vertx.core.json.Json.encode(operation)
                        + "}");
            }
        }
        return false;
    }

    static JsonObject parse(String text) {
        try {
            return new JsonObject(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
