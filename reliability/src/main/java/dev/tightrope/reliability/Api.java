package dev.tightrope.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** One Tightrope instance over HTTP: GraphQL, the runtime API, health and metrics. Loopback only. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-client");
        thread.setDaemon(true);
        return thread;
    });

    /** An answer: HTTP status, the parsed body (MissingNode when it was not JSON), the raw text. */
    record Answer(int status, JsonNode body, String text, String retryAfter) {

        /** {@code errors[0].extensions.code}, or null. */
        String code() {
            JsonNode code = body.path("errors").path(0).path("extensions").path("code");
            return code.isTextual() ? code.asText() : null;
        }

        boolean ok() {
            return status / 100 == 2 && !body.has("errors");
        }

        JsonNode data(String field) {
            return body.path("data").path(field);
        }

        /** The code, or "HTTP status" when there is none, for tallies. */
        String outcome() {
            if (ok()) {
                return "OK";
            }
            String code = code();
            return code != null ? code : "HTTP " + status;
        }
    }

    final String name;
    final URI base;
    private final String token;
    private final HttpClient client;

    Api(String name, String url, String token) {
        this.name = name;
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.token = token;
        requireLoopback(base);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).executor(EXECUTOR).build();
    }

    static void requireLoopback(URI uri) {
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("only loopback addresses, not " + uri);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve " + uri, e);
        }
    }

    HttpClient client() {
        return client;
    }

    String token() {
        return token;
    }

    URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    // ------------------------------------------------------------------------------------------------ GraphQL

    Answer graphql(String query, Map<String, ?> variables) throws IOException, InterruptedException {
        return send(graphqlRequest(query, variables));
    }

    /** Sent at once; the answer within {@code timeout}. */
    CompletableFuture<Answer> graphqlAsync(String query, Map<String, ?> variables, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(graphqlRequest(query, variables), (name, value) -> true)
                .timeout(timeout).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Api::answer);
    }

    /** A GraphQL call that must succeed; its {@code data}. */
    JsonNode data(String query, Map<String, ?> variables) throws IOException, InterruptedException {
        Answer answer = graphql(query, variables);
        if (!answer.ok()) {
            throw new IllegalStateException(name + ": " + answer.status() + " " + answer.text());
        }
        return answer.body().path("data");
    }

    private HttpRequest graphqlRequest(String query, Map<String, ?> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        try {
            return HttpRequest.newBuilder(uri("/graphql")).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- plain HTTP

    Answer postNdjson(String path, String lines) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(lines)).build());
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build());
    }

    /** The Prometheus text of {@code /q/metrics}. */
    String metrics() throws IOException, InterruptedException {
        Answer answer = send(HttpRequest.newBuilder(uri("/q/metrics")).timeout(REQUEST_TIMEOUT).GET().build());
        if (answer.status() != 200) {
            throw new IOException(name + ": /q/metrics answered " + answer.status());
        }
        return answer.text();
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        return answer(client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = response.body() == null || response.body().isEmpty() ? MissingNode.getInstance()
                    : JSON.readTree(response.body());
        } catch (IOException notJson) {
            body = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), body == null ? MissingNode.getInstance() : body, response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    @Override
    public String toString() {
        return name + " (" + base + ")";
    }
}
