package dev.tightrope.sdk.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.tightrope.sdk.ApiException;
import dev.tightrope.sdk.ProtocolException;
import dev.tightrope.sdk.json.Json;
import dev.tightrope.sdk.json.JsonException;
import dev.tightrope.sdk.routing.RoutingConfig;

/**
 * Where and as whom one client talks: the deployment's paths under the base URL, the token, the timeout of each
 * request. Every call either returns what the API documents or throws: {@link ApiException} for a refusal (with
 * the server's code and {@code Retry-After}), {@link ProtocolException} for an answer that is not what the API
 * documents, {@link IOException} for the network.
 *
 * <p>Requests go as HTTP/1.1, so the JDK client never tries its cleartext HTTP/2 upgrade on a plain {@code http://}
 * server. A blocking call interrupted (by {@code close()}) cancels its request and throws
 * {@link InterruptedIOException}.
 */
public final class Transport {

    public static final String USER_AGENT = "tightrope-java/0.1";

    private final HttpClient http;
    private final String base;
    private final String deploymentPath;
    private final String authorization;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param base        the server's URL (checked by the options), e.g. {@code http://localhost:8080}
     * @param agent       a slug (checked)
     * @param environment a slug (checked)
     */
    public Transport(HttpClient http, URI base, String token, String agent, String environment, Duration timeout,
            Clock clock) {
        this.http = http;
        this.base = base.toString().replaceAll("/+$", "");
        this.deploymentPath = "/api/v1/agents/" + agent + "/environments/" + environment;
        this.authorization = "Bearer " + token;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A client as the SDK uses it: HTTP/1.1, the connect timeout, no redirects. */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String deploymentPath() {
        return deploymentPath;
    }

    /** {@code GET …/config}, with {@code If-None-Match: etag} when {@code etag} is not null. */
    public ConfigAnswer getConfig(String etag) throws IOException {
        HttpRequest.Builder request = request(deploymentPath + "/config").GET().header("Accept", "application/json");
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> response = send(request.build());
        String answeredTag = response.headers().firstValue("ETag").orElse(etag);
        if (response.statusCode() == 304) {
            return new ConfigAnswer(304, answeredTag, null);
        }
        return new ConfigAnswer(response.statusCode(), answeredTag, RoutingConfig.fromJson(response.body()));
    }

    /** {@code POST …/acknowledgements}: "this runtime now uses generation N", without blocking. */
    public CompletableFuture<Void> acknowledge(long generation, String runtimeId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generation", generation);
        body.put("runtimeId", runtimeId);
        HttpRequest request = request(deploymentPath + "/acknowledgements")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> {
                    check(response);
                    return null;
                });
    }

    /** {@code POST /api/v1/outcomes?batchId=…} with NDJSON lines. */
    public OutcomesAnswer postOutcomes(String ndjson, String batchId) throws IOException {
        HttpRequest request = request("/api/v1/outcomes?batchId=" + URLEncoder.encode(batchId, StandardCharsets.UTF_8))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8)).build();
        Map<String, Object> body = jsonObject(send(request).body());
        List<OutcomesAnswer.Rejection> rejected = new ArrayList<>();
        Object lines = body.get("rejected");
        if (lines instanceof List) {
            for (Object line : (List<?>) lines) {
                if (line instanceof Map) {
                    Map<?, ?> rejection = (Map<?, ?>) line;
                    rejected.add(new OutcomesAnswer.Rejection(rejection.get("line") instanceof Long
                            ? (Long) rejection.get("line") : -1, String.valueOf(rejection.get("code")),
                            String.valueOf(rejection.get("message"))));
                }
            }
        }
        Object accepted = body.get("accepted");
        return new OutcomesAnswer(accepted instanceof Long ? (Long) accepted : 0, List.copyOf(rejected),
                Boolean.TRUE.equals(body.get("deduplicated")));
    }

    /**
     * Opens {@code GET …/config/stream}; returns its body once the headers said 200, else throws the server's
     * {@link ApiException}. The timeout covers the headers only: the caller watches the body for silence and
     * closes it to end the stream.
     *
     * @param lastEventId the generation the client has, sent as {@code Last-Event-ID}; null for none
     */
    public InputStream openStream(Long lastEventId, String runtimeId) throws IOException {
        HttpRequest.Builder request = request(deploymentPath + "/config/stream?runtimeId="
                + URLEncoder.encode(runtimeId, StandardCharsets.UTF_8))
                .GET().header("Accept", "text/event-stream").header("Cache-Control", "no-cache");
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpResponse<InputStream> response = await(http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofInputStream()));
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            throw refusal(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), body);
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", authorization).header("User-Agent", USER_AGENT);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        return check(await(http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))));
    }

    private HttpResponse<String> check(HttpResponse<String> response) {
        if (response.statusCode() >= 400) {
            throw refusal(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.body());
        }
        return response;
    }

    /** Waits for an answer; an interrupt cancels the request. Unwraps what the request failed with. */
    private static <T> T await(CompletableFuture<T> answer) throws IOException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the request was interrupted (the client is closing)");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static IOException unwrap(Throwable cause) {
        Throwable failure = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (failure instanceof IOException) {
            return (IOException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        return new IOException(failure);
    }

    private Map<String, Object> jsonObject(String text) {
        try {
            return Json.parseObject(text);
        } catch (JsonException e) {
            throw new ProtocolException("the server's answer is not a JSON object: "
                    + text.substring(0, Math.min(120, text.length())), e);
        }
    }

    /** The server's coded error ({@code {"errors": [{"message", "extensions": {"code"}}]}}) as an ApiException. */
    ApiException refusal(int status, String retryAfter, String body) {
        String code = "HTTP_" + status;
        String message = body == null ? "" : body.substring(0, Math.min(200, body.length()));
        try {
            Object errors = Json.parseObject(body).get("errors");
            if (errors instanceof List && !((List<?>) errors).isEmpty() && ((List<?>) errors).get(0) instanceof Map) {
                Map<?, ?> first = (Map<?, ?>) ((List<?>) errors).get(0);
                if (first.get("message") instanceof String) {
                    message = (String) first.get("message");
                }
                if (first.get("extensions") instanceof Map
                        && ((Map<?, ?>) first.get("extensions")).get("code") instanceof String) {
                    code = (String) ((Map<?, ?>) first.get("extensions")).get("code");
                }
            }
        } catch (RuntimeException notTheErrorShape) {
            // a proxy's page, or nothing: keep the start of the body
        }
        return new ApiException(status, code, message, RetryAfter.parse(retryAfter, clock.instant()).orElse(null));
    }
}
