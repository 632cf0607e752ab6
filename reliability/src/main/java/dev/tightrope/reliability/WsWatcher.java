package dev.tightrope.reliability;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code configChanged} subscription over WebSocket ({@code graphql-transport-ws}) on one instance, recording each
 * generation it delivers. Reconnects when the socket closes (at most {@link #MAX_RECONNECTS} times, 200 ms apart);
 * stops at {@link #close} or its hard deadline.
 */
final class WsWatcher extends Watcher {

    private static final int MAX_RECONNECTS = 200;
    private static final String SUBSCRIPTION = "subscription($agent: String!, $environment: String!) { "
            + "configChanged(agent: $agent, environment: $environment) { generation weight stable { version } "
            + "canary { version } } }";

    private final Api api;
    private final String agent;
    private final String environment;
    private final long hardDeadline;
    private volatile boolean running = true;
    private volatile WebSocket socket;
    private volatile boolean acknowledged;
    private int reconnects;
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

    WsWatcher(Api api, String agent, String environment, long maxSeconds) {
        super("configChanged on " + api.name);
        this.api = api;
        this.agent = agent;
        this.environment = environment;
        this.hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        connect();
    }

    boolean acknowledged() {
        return acknowledged;
    }

    private void connect() {
        if (!running || System.nanoTime() > hardDeadline) {
            return;
        }
        URI uri = URI.create("ws://" + api.base.getHost() + ":" + api.base.getPort() + "/graphql");
        api.client().newWebSocketBuilder().subprotocols("graphql-transport-ws").connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).whenComplete((ws, error) -> {
                    if (error != null) {
                        failed("connect: " + error);
                        reconnectLater();
                    }
                });
    }

    private synchronized void reconnectLater() {
        acknowledged = false;
        if (!running || reconnects >= MAX_RECONNECTS) {
            return;
        }
        reconnects++;
        disconnects.incrementAndGet();
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(this::connect);
    }

    private synchronized void send(WebSocket ws, Object message) {
        String text;
        try {
            text = Api.JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        sending = sending.exceptionally(ignored -> null).thenCompose(ignored -> ws.sendText(text, true));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            send(ws, Map.of("type", "connection_init", "payload", Map.of("authorization", "Bearer " + api.token())));
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                handle(ws, message);
            }
            ws.request(1);
            return null;
        }

        private void handle(WebSocket ws, String message) {
            try {
                JsonNode node = Api.JSON.readTree(message);
                switch (node.path("type").asText()) {
                    case "connection_ack" -> send(ws, Map.of("id", "1", "type", "subscribe", "payload",
                            Map.of("query", SUBSCRIPTION, "variables",
                                    Map.of("agent", agent, "environment", environment))));
                    case "next" -> {
                        JsonNode config = node.path("payload").path("data").path("configChanged");
                        if (config.isObject()) {
                            acknowledged = true;
                            JsonNode canary = config.path("canary");
                            saw(config.path("generation").asLong(), config.path("stable").path("version").asInt(),
                                    canary.isObject() ? canary.path("version").asInt() : null);
                        } else {
                            failed("next without configChanged: " + message);
                        }
                    }
                    case "ping" -> send(ws, Map.of("type", "pong"));
                    case "error" -> failed("error: " + message);
                    case "complete" -> failed("complete: " + message);
                    default -> {
                        // pong and anything else: nothing to do
                    }
                }
            } catch (Exception e) {
                failed("unreadable message: " + e);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (running) {
                failed("closed " + statusCode + " " + reason);
                reconnectLater();
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (running) {
                failed("socket error: " + error);
                reconnectLater();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        WebSocket ws = socket;
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                ws.abort();
            }
        }
    }
}
