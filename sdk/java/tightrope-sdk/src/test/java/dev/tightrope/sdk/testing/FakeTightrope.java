package dev.tightrope.sdk.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.tightrope.sdk.json.Json;

/**
 * A small in-process Tightrope for the unit tests, on a random loopback port: the runtime API's config (ETag,
 * 304), its SSE stream ({@code Last-Event-ID}, the retry hint, heartbeats), acknowledgements and outcomes
 * (NDJSON, batch ids, per-line rejections), with knobs to refuse, throttle, drop streams and go away and come
 * back on the same port. It records every request it gets.
 */
public final class FakeTightrope implements AutoCloseable {

    public static final String TOKEN = "tr_test";
    public static final String BASE = "/api/v1/agents/support-bot/environments/production";

    /** One recorded stream request: its path with the query, and its Last-Event-ID (null when none was sent). */
    public record StreamRequest(String url, String lastEventId) {
    }

    /** One recorded outcome post: its batch id and its lines, parsed. */
    public record OutcomePost(String batchId, List<Map<String, Object>> lines) {
    }

    /** A refusal to answer an outcome post with. */
    public record Refusal(int status, String retryAfter) {
    }

    public volatile Map<String, Object> current = config(1);
    public final List<StreamRequest> streamRequests = new CopyOnWriteArrayList<>();
    /** The If-None-Match of each GET …/config (null when none was sent). */
    public final List<String> configRequests = new CopyOnWriteArrayList<>();
    public final List<Map<String, Object>> acks = new CopyOnWriteArrayList<>();
    public final List<OutcomePost> outcomePosts = new CopyOnWriteArrayList<>();
    /** Stream requests to answer 503 before streams work again. */
    public volatile int streamRefusals;
    /** Acknowledgements to answer 503 before accepting. */
    public volatile int ackRefusals;
    /** Outcome posts to refuse, in order, before accepting. */
    public final Deque<Refusal> outcomeRefusals = new ArrayDeque<>();
    /** Outcome bodies over this many bytes are refused with 413, as the server does over 2 MiB. */
    public volatile int maxOutcomeBytes = 2 * 1024 * 1024;
    /** The sizes of the outcome bodies refused with 413. */
    public final List<Integer> tooLarge = new CopyOnWriteArrayList<>();

    private final Set<HttpExchange> streams = ConcurrentHashMap.newKeySet();
    private final Set<String> seenBatches = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-tightrope");
        thread.setDaemon(true);
        return thread;
    });
    private volatile HttpServer server;
    private int port;

    private FakeTightrope() {
    }

    public static FakeTightrope start() throws IOException {
        FakeTightrope fake = new FakeTightrope();
        fake.listen(0);
        return fake;
    }

    /** A routing configuration like the server's: version {@code stable} stable, optionally a canary. */
    public static Map<String, Object> config(long generation, int weight, String salt, Integer canary, int stable) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("agent", "support-bot");
        config.put("environment", "production");
        config.put("generation", generation);
        config.put("weight", (long) (canary == null ? 0 : weight));
        config.put("salt", canary == null ? null : salt);
        config.put("rolloutId", canary == null ? null : "7");
        config.put("toolGates", Map.of());
        config.put("stable", version(stable));
        config.put("canary", canary == null ? null : version(canary));
        return config;
    }

    public static Map<String, Object> config(long generation, int weight, String salt, Integer canary) {
        return config(generation, weight, salt, canary, 1);
    }

    public static Map<String, Object> config(long generation) {
        return config(generation, 0, null, null, 1);
    }

    private static Map<String, Object> version(int n) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", (long) n);
        version.put("snapshotHash", "hash-" + n);
        version.put("prompt", Map.of("system", "prompt v" + n));
        version.put("model", Map.of("provider", "openai", "modelId", "gpt-4o", "temperature", 0.2));
        version.put("tools", Map.of("tools", List.of()));
        version.put("guardrails", Map.of());
        version.put("knowledgeBase", Map.of("indexId", "kb"));
        return version;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A new generation: the current configuration, sent to every open stream. */
    public synchronized void publish(Map<String, Object> next) {
        current = next;
        byte[] event = event(next);
        streams.forEach(stream -> write(stream, event));
    }

    public synchronized void sendHeartbeat() {
        byte[] heartbeat = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
        streams.forEach(stream -> write(stream, heartbeat));
    }

    /** Ends every open stream, as a server does when it stops cleanly. */
    public void dropStreams() {
        for (HttpExchange stream : streams) {
            streams.remove(stream);
            stream.close();
        }
    }

    public int openStreams() {
        return streams.size();
    }

    /** The server goes away: streams end, the port closes. */
    @Override
    public void close() {
        dropStreams();
        HttpServer running = server;
        if (running != null) {
            running.stop(0);
        }
    }

    /** Comes back on the same port (a restart). */
    public void restart() throws IOException {
        listen(port);
    }

    private void listen(int wanted) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
        created.setExecutor(executor);
        created.createContext("/", exchange -> {
            try {
                handle(exchange);
            } catch (RuntimeException | IOException e) {
                exchange.close();
            }
        });
        created.start();
        port = created.getAddress().getPort();
        server = created;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, 401, "UNAUTHENTICATED", null);
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals(BASE + "/config/stream")) {
            stream(exchange);
        } else if (path.equals(BASE + "/config")) {
            getConfig(exchange);
        } else if (path.equals(BASE + "/acknowledgements")) {
            acknowledge(exchange, new String(body, StandardCharsets.UTF_8));
        } else if (path.equals("/api/v1/outcomes")) {
            outcomes(exchange, new String(body, StandardCharsets.UTF_8));
        } else {
            error(exchange, 404, "NOT_FOUND", null);
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        streamRequests.add(new StreamRequest(exchange.getRequestURI().toString(), lastEventId));
        if (streamRefusals > 0) {
            streamRefusals--;
            error(exchange, 503, "UNAVAILABLE", null);
            return;
        }
        Map<String, Object> config = current;
        if (config == null) {
            error(exchange, 404, "NOT_FOUND", null);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=UTF-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        synchronized (this) { // registered before the client can see its first event, and no publish in between
            streams.add(exchange);
            write(exchange, "retry: 3000\n\n".getBytes(StandardCharsets.UTF_8));
            Map<String, Object> now = current;
            if (lastEventId == null || Long.parseLong(lastEventId) < (Long) now.get("generation")) {
                write(exchange, event(now));
            }
        }
    }

    private void getConfig(HttpExchange exchange) throws IOException {
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        configRequests.add(ifNoneMatch == null ? "(none)" : ifNoneMatch);
        Map<String, Object> config = current;
        if (config == null) {
            error(exchange, 404, "NOT_FOUND", null);
            return;
        }
        String etag = "\"" + config.get("generation") + "\"";
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(ifNoneMatch)) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        json(exchange, 200, Json.write(config));
    }

    private void acknowledge(HttpExchange exchange, String body) throws IOException {
        if (ackRefusals > 0) {
            ackRefusals--;
            error(exchange, 503, "UNAVAILABLE", null);
            return;
        }
        Map<String, Object> ack = Json.parseObject(body);
        acks.add(ack);
        Map<String, Object> answer = new LinkedHashMap<>(ack);
        answer.put("acknowledgedAt", "2026-12-01T10:00:00Z");
        answer.put("eventsPropagated", 0L);
        json(exchange, 200, Json.write(answer));
    }

    private void outcomes(HttpExchange exchange, String body) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String batchId = query != null && query.startsWith("batchId=") ? query.substring("batchId=".length()) : "";
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxOutcomeBytes) {
            tooLarge.add(size);
            error(exchange, 413, "PAYLOAD_TOO_LARGE", null);
            return;
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Json.parseObject(line));
            }
        }
        outcomePosts.add(new OutcomePost(batchId, lines));
        Refusal refusal;
        synchronized (outcomeRefusals) {
            refusal = outcomeRefusals.pollFirst();
        }
        if (refusal != null) {
            error(exchange, refusal.status(), refusal.status() == 429 ? "OVERLOADED" : refusal.status() == 503
                    ? "UNAVAILABLE" : "VALIDATION", refusal.retryAfter());
            return;
        }
        if (!seenBatches.add(batchId)) {
            json(exchange, 200, "{\"accepted\":0,\"rejected\":[],\"deduplicated\":true}");
            return;
        }
        List<Object> rejected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (Double.valueOf(-1).equals(lines.get(i).get("latencyMs"))) {
                rejected.add(Map.of("line", (long) i + 1, "code", "VALIDATION",
                        "message", "latencyMs: must be at least 0"));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", (long) (lines.size() - rejected.size()));
        answer.put("rejected", rejected);
        answer.put("deduplicated", false);
        json(exchange, 200, Json.write(answer));
    }

    private static byte[] event(Map<String, Object> config) {
        return ("id: " + config.get("generation") + "\nevent: config\ndata: " + Json.write(config) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void write(HttpExchange stream, byte[] bytes) {
        try {
            OutputStream body = stream.getResponseBody();
            synchronized (stream) {
                body.write(bytes);
                body.flush();
            }
        } catch (IOException gone) {
            streams.remove(stream);
            stream.close();
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String retryAfter) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        json(exchange, status, "{\"errors\":[{\"message\":\"refused by the fake\",\"extensions\":{\"code\":\""
                + code + "\"}}]}");
    }

    private static void json(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }
}
