package dev.tightrope.platform.graphql.socket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.GraphQLRequest;
import dev.tightrope.platform.graphql.RequestChecks;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.platform.input.StrictJson;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.graphql.websocket.GraphQLWebSocketSession;
import io.smallrye.graphql.websocket.GraphQLWebsocketHandler;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One {@code graphql-transport-ws} connection whose messages go either to a {@link SubscriptionFastPath} or to
 * SmallRye GraphQL's own protocol handler (the engine), which keeps everything else: the handshake and its
 * authentication, ping/pong, queries, mutations, other subscriptions, errors and the protocol's close codes.
 *
 * <p>A client {@code subscribe} of an acknowledged connection is first held to the request contract
 * ({@link GraphQLRequest}, {@link RequestChecks}): a refused one gets an {@code error} message with a VALIDATION
 * error, as over HTTP. It goes to the fast paths only once the engine has acknowledged the connection
 * ({@code connection_ack}, which it sends after {@code connection_init} authenticated the caller) and only if its id
 * is not in use; a reused id closes the socket with 4409, as the engine does. A client {@code complete} stops the fast
 * subscription of that id, or goes to the engine. Closing the socket stops every fast subscription.
 *
 * <p>Messages the engine sends pass through {@link #sendMessage}, which notices the acknowledgement and the end of
 * the engine's operations (so their ids become free again).
 */
final class SocketSession implements GraphQLWebSocketSession {

    private static final Logger LOG = Logger.getLogger(SocketSession.class);
    /** Vert.x's default largest WebSocket message (4 frames of 64 KiB). */
    static final int MAX_MESSAGE_BYTES = 262_144;
    private static final String ENGINE_COMPLETE = "{\"type\":\"complete\",\"id\":";
    private static final String ENGINE_ERROR = "{\"id\":";
    /** The client message types of graphql-transport-ws. */
    private static final List<String> CLIENT_MESSAGES = List.of("connection_init", "ping", "pong", "subscribe",
            "complete");

    private final ServerWebSocket socket;
    private final RoutingContext upgrade;
    private final List<SubscriptionFastPath> fastPaths;
    private final RequestChecks checks;
    /** graphql-ws (subscriptions-transport-ws): "start" instead of "subscribe", one error object per "error" */
    private final boolean legacy;
    private final Map<String, FastOperation> fast = new ConcurrentHashMap<>();
    private final Set<String> engineOperations = ConcurrentHashMap.newKeySet();
    private volatile GraphQLWebsocketHandler engine;
    private final AtomicBoolean initialised = new AtomicBoolean();
    private volatile boolean acknowledged;

    SocketSession(ServerWebSocket socket, RoutingContext upgrade, List<SubscriptionFastPath> fastPaths,
            RequestChecks checks, boolean legacy) {
        this.checks = checks;
        this.legacy = legacy;
        this.socket = socket;
        this.upgrade = upgrade;
        this.fastPaths = fastPaths;
    }

    /**
     * Closes the socket with 4408 ("Connection initialisation timeout", as graphql-transport-ws says) when no
     * {@code connection_init} came within {@code timeout}: an unauthenticated socket is not held open for ever.
     */
    void closeUnlessInitialisedWithin(Duration timeout) {
        Vertx vertx = Vertx.currentContext() == null ? null : Vertx.currentContext().owner();
        if (vertx == null || timeout.isZero() || timeout.isNegative()) {
            return;
        }
        // one timer per socket, never cancelled: a socket closed before it fires is left alone
        vertx.setTimer(timeout.toMillis(), ignored -> {
            // not acknowledged: an init that was never answered does not hold the socket open either
            if (!acknowledged && !socket.isClosed()) {
                closeWith(4408, "Connection initialisation timeout");
            }
        });
    }

    /** Connects the engine's handler, which writes through this session, to the socket's events. */
    void attach(GraphQLWebsocketHandler handler) {
        this.engine = handler;
        socket.closeHandler(ignored -> {
            handler.onClose();
            stopAll();
        });
        socket.endHandler(ignored -> handler.onEnd());
        socket.exceptionHandler(failure -> {
            LOG.debugf("GraphQL WebSocket failed: %s", failure.toString());
            handler.onThrowable(failure);
            if (!socket.isClosed()) {
                socket.close((short) 1009, "Closed after a failure reading a message; messages are at most "
                        + MAX_MESSAGE_BYTES + " bytes");
            }
        });
        socket.textMessageHandler(this::onClientMessage);
    }

    private void onClientMessage(String text) {
        JsonObject message = parse(text);
        if (message == null) {
            if (legacy) {
                engine.onMessage(text); // the older protocol answers it with a connection_error of its own
            } else {
                // the engine's handler would close with its JSON parser's message, longer than a close frame takes
                closeWith(4400, "A message must be a JSON object");
            }
            return;
        }
        Object type = message.getValue("type");
        Object id = message.getValue("id");
        if (!legacy && message != null && breaksTheProtocol(type, id)) {
            return;
        }
        if (legacy && "connection_init".equals(type)) {
            initialised.set(true); // the older protocol has no 4429, but its initialisation ends the wait too
        }
        if ("connection_init".equals(type) && message.getValue("payload") != null
                && !(message.getValue("payload") instanceof JsonObject)) {
            // the protocol's payload is an object; SmallRye's handler would wait forever on anything else
            closeWith(4400, "connection_init payload must be a JSON object");
            return;
        }
        if ("connection_init".equals(type) && message.containsKey("payload") && message.getValue("payload") == null) {
            // "payload": null is allowed and means none; SmallRye's handler fails on it and never answers
            message.remove("payload");
            text = message.encode();
        }
        if (("subscribe".equals(type) || legacy && "start".equals(type))
                && !(message.getValue("payload") instanceof JsonObject)) {
            // the operation's payload is an object; SmallRye's handler fails without one (no answer at all)
            closeWith(4400, type + " payload must be a JSON object");
            return;
        }
        if (legacy) {
            if ("start".equals(type) && id instanceof String operation && acknowledged && refused(operation, text)) {
                return;
            }
        } else if ("subscribe".equals(type) && id instanceof String operation
                && message.getValue("payload") instanceof JsonObject payload) {
            if (fast.containsKey(operation)) {
                closeWith(4409, "Subscriber for " + operation + " already exists");
                return;
            }
            if (acknowledged && !engineOperations.contains(operation) && refused(operation, text)) {
                return;
            }
            if (acknowledged && !engineOperations.contains(operation) && startFast(operation, payload)) {
                return;
            }
            engineOperations.add(operation);
        } else if ("complete".equals(type) && id instanceof String operation) {
            FastOperation stopped = fast.remove(operation);
            if (stopped != null) {
                stopped.cancel();
                return;
            }
            engineOperations.remove(operation);
        }
        engine.onMessage(text);
    }

    /**
     * What graphql-transport-ws closes the socket for and SmallRye's handler lets pass (it ignores them, so the
     * client waits for an answer that never comes): a message type the protocol does not have, a {@code subscribe}
     * or {@code complete} without an id (a string), and a second {@code connection_init} (4429, "Too many
     * initialisation requests"). Closes the socket and returns true for those.
     */
    private boolean breaksTheProtocol(Object type, Object id) {
        if (!(type instanceof String name) || !CLIENT_MESSAGES.contains(name)) {
            closeWith(4400, (type instanceof String ? "Unknown message type" : "A message needs a type (a string)")
                    + "; graphql-transport-ws has " + String.join(", ", CLIENT_MESSAGES));
            return true;
        }
        if (("subscribe".equals(name) || "complete".equals(name)) && !(id instanceof String text && !text.isEmpty())) {
            closeWith(4400, name + " needs an id, a non-empty string");
            return true;
        }
        if ("connection_init".equals(name) && !initialised.compareAndSet(false, true)) {
            closeWith(4429, "Too many initialisation requests");
            return true;
        }
        return false;
    }

    /**
     * Checks a subscribe message of an acknowledged connection as {@code DocumentGuard} checks an HTTP request (the
     * same {@link GraphQLRequest} contract and {@link RequestChecks}); a refused one is answered with an
     * {@code error} message for its id, and neither a fast path nor the engine sees it.
     */
    private boolean refused(String id, String text) {
        TightropeException refusal;
        try {
            Object strict = StrictJson.read(text.getBytes(StandardCharsets.UTF_8));
            Object payload = strict instanceof Map<?, ?> map ? map.get("payload") : null;
            refusal = checks.refusal(GraphQLRequest.of(payload), identity(), false);
        } catch (TightropeException shape) {
            refusal = shape;
        }
        if (refusal == null) {
            return false;
        }
        JsonObject error = new JsonObject(JsonErrors.body(refusal)).getJsonArray("errors").getJsonObject(0);
        socket.writeTextMessage(new JsonObject().put("id", id).put("type", "error")
                .put("payload", legacy ? error : new JsonArray().add(error)).encode());
        return true;
    }

    private SecurityIdentity identity() {
        return upgrade.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
    }

    private boolean startFast(String id, JsonObject payload) {
        SecurityIdentity identity = identity();
        FastOperation operation = new FastOperation(id);
        fast.put(id, operation); // before starting: the first result may be sent at once
        for (SubscriptionFastPath path : fastPaths) {
            Cancellable started = path.start(identity, payload, operation);
            if (started != null) {
                operation.started(started);
                return true;
            }
        }
        fast.remove(id);
        return false;
    }

    private void stopAll() {
        fast.values().forEach(FastOperation::cancel);
        fast.clear();
    }

    @Override
    public void sendMessage(String message) {
        if (!acknowledged && message.contains("\"connection_ack\"")) {
            acknowledged = true;
        } else if (message.startsWith(ENGINE_COMPLETE) || message.startsWith(ENGINE_ERROR)) {
            JsonObject parsed = parse(message);
            if (parsed != null && parsed.getValue("id") instanceof String id) {
                engineOperations.remove(id);
            }
        }
        socket.writeTextMessage(message);
    }

    @Override
    public void close(short statusCode, String reason) {
        socket.close(statusCode, CloseReasons.fit(reason)); // the engine's reasons may be its parser's, and long
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    /**
     * Closes the socket with this code and reason, the reason cut to the 123 bytes of UTF-8 a close frame has room for
     * (RFC 6455: a control frame carries at most 125 bytes, 2 of them the code); a longer one makes clients drop the
     * frame and report 1006 instead of the code.
     */
    private void closeWith(int code, String reason) {
        socket.close((short) code, CloseReasons.fit(reason));
    }

    private static JsonObject parse(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException notAnObject) {
            return null;
        }
    }

    /** A subscription answered by a fast path: its messages carry its id; cancelling it stops its stream. */
    private final class FastOperation implements SubscriptionFastPath.Sink {

        private final String id;
        private final String nextPrefix;
        private volatile Cancellable stream;
        private volatile boolean cancelled;

        FastOperation(String id) {
            this.id = id;
            this.nextPrefix = "{\"type\":\"next\",\"id\":" + Json.encode(id) + ",\"payload\":";
        }

        void started(Cancellable stream) {
            this.stream = stream;
            if (cancelled) {
                stream.cancel();
            }
        }

        void cancel() {
            cancelled = true;
            Cancellable current = stream;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void next(String result) {
            if (!cancelled && !socket.isClosed()) {
                socket.writeTextMessage(nextPrefix + result + "}");
            }
        }

        @Override
        public void complete() {
            if (!cancelled && fast.remove(id, this) && !socket.isClosed()) {
                socket.writeTextMessage("{\"type\":\"complete\",\"id\":" + Json.encode(id) + "}");
            }
        }

        @Override
        public void fail(Throwable cause) {
            if (cancelled || !fast.remove(id, this)) {
                return;
            }
            cancel();
            LOG.errorf(cause, "Subscription %s on a GraphQL WebSocket failed", id);
            if (!socket.isClosed()) {
                socket.writeTextMessage("{\"id\":" + Json.encode(id) + ",\"type\":\"error\",\"payload\":"
                        + "[{\"message\":\"Internal error\",\"extensions\":{\"code\":\"INTERNAL\"}}]}");
            }
        }
    }
}
