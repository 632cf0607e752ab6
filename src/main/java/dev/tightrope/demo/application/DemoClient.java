package dev.tightrope.demo.application;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The demo's only way into Tightrope: its public HTTP API over loopback, as any script or runtime would call it.
 * GraphQL ({@code POST /graphql}) for the setup and the traffic changes; the runtime API (docs/runtime-api.md) for
 * the configuration stream, acknowledgements and outcomes. Calls block the calling thread (one of the demo's own),
 * except the stream, which delivers its lines as they arrive.
 */
final class DemoClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http;
    private final URI base;

    DemoClient(URI base, ExecutorService executor) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    URI base() {
        return base;
    }

    /** One GraphQL operation; its data, or a {@link DemoApiException} with the first error's code. */
    JsonObject graphql(String token, String document, Map<String, Object> variables) {
        String body = new JsonObject().put("query", document).put("variables", new JsonObject(variables)).encode();
        HttpResponse<String> response = send(request(token, "graphql")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        JsonObject answer = json(response);
        JsonArray errors = answer.getJsonArray("errors");
        if (errors != null && !errors.isEmpty()) {
            JsonObject first = errors.getJsonObject(0);
            JsonObject extensions = first.getJsonObject("extensions", new JsonObject());
            throw new DemoApiException(extensions.getString("code", "INTERNAL"), first.getString("message"));
        }
        JsonObject data = answer.getJsonObject("data");
        if (data == null) {
            throw new DemoApiException("INTERNAL", "no data in the answer (HTTP " + response.statusCode() + ")");
        }
        return data;
    }

    /** {@code POST /api/v1/outcomes?batchId=…} with NDJSON lines; the HTTP status and the answer. */
    HttpResponse<String> reportOutcomes(String token, String batchId, String ndjson) {
        return send(request(token, "api/v1/outcomes?batchId=" + URLEncoder.encode(batchId, StandardCharsets.UTF_8))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
    }

    /** {@code POST …/acknowledgements}: this runtime now uses {@code generation}. */
    CompletableFuture<HttpResponse<String>> acknowledge(String token, String agent, String environment,
            long generation, String runtimeId) {
        String body = new JsonObject().put("generation", generation).put("runtimeId", runtimeId).encode();
        return http.sendAsync(request(token, deployment(agent, environment) + "/acknowledgements")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Opens {@code GET …/config/stream?runtimeId=…}; its lines go to {@code lines} as they arrive. The future
     * completes when the stream ends, with its status (200 for a stream, the error's status otherwise).
     */
    CompletableFuture<HttpResponse<Void>> configStream(String token, String agent, String environment,
            String runtimeId, String lastEventId, Flow.Subscriber<String> lines) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(deployment(agent, environment)
                + "/config/stream?runtimeId=" + URLEncoder.encode(runtimeId, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(lines));
    }

    private static String deployment(String agent, String environment) {
        return "api/v1/agents/" + agent + "/environments/" + environment;
    }

    private HttpRequest.Builder request(String token, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoApiException("NETWORK", "cannot reach " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoApiException("NETWORK", "interrupted");
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        try {
            return new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            throw new DemoApiException("INTERNAL", "HTTP " + response.statusCode() + " without a JSON answer");
        }
    }
}
