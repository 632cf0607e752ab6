package dev.tightrope.reliability;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows the runtime API's configuration stream ({@code GET …/config/stream}, Server-Sent Events) of one instance and
 * records each generation it delivers. Reconnects with {@code Last-Event-ID} when the stream ends (at most
 * {@link #MAX_RECONNECTS} times); stops at {@link #close} or its hard deadline.
 */
final class SseWatcher extends Watcher {

    private static final int MAX_RECONNECTS = 200;

    private final Api api;
    private final String path;
    private final Thread thread;
    private final long hardDeadline;
    private volatile boolean running = true;
    private volatile InputStream current;
    private volatile long lastEventId = -1;
    volatile boolean connected;

    SseWatcher(Api api, String agent, String environment, long maxSeconds) {
        super("SSE stream on " + api.name);
        this.api = api;
        this.path = "/api/v1/agents/" + agent + "/environments/" + environment + "/config/stream";
        this.hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        this.thread = new Thread(this::follow, "sse-" + api.name);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        for (int attempt = 0; attempt <= MAX_RECONNECTS && running && System.nanoTime() < hardDeadline; attempt++) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + api.token()).header("Accept", "text/event-stream")
                        .GET();
                if (lastEventId >= 0) {
                    request.header("Last-Event-ID", Long.toString(lastEventId));
                }
                HttpResponse<InputStream> response = api.client().send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    failed("HTTP " + response.statusCode());
                    response.body().close();
                } else {
                    current = response.body();
                    connected = true;
                    read(response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    failed(e.toString());
                }
            }
            connected = false;
            if (!running) {
                return;
            }
            disconnects.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void read(InputStream body) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while (running && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        event(data.toString());
                        data.setLength(0);
                    }
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    try {
                        lastEventId = Long.parseLong(line.substring(3).trim());
                    } catch (NumberFormatException ignored) {
                        // not a generation: keep the last one
                    }
                }
            }
        }
    }

    private void event(String data) {
        try {
            JsonNode config = Api.JSON.readTree(data);
            JsonNode canary = config.path("canary");
            saw(config.path("generation").asLong(), config.path("stable").path("version").asInt(),
                    canary.isObject() ? canary.path("version").asInt() : null);
        } catch (Exception e) {
            failed("unreadable event: " + e);
        }
    }

    @Override
    public void close() {
        running = false;
        InputStream stream = current;
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception ignored) {
                // closing is all we want
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
