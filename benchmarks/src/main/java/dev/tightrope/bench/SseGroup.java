package dev.tightrope.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Subscribers of the runtime API's Server-Sent Events stream, as an SDK follows it:
 * {@code GET /api/v1/agents/{agent}/environments/{environment}/config/stream?runtimeId=bench-rt-i} with the RUNTIME
 * token, one HTTP connection each. The stream sends a {@code retry:} hint, then the current configuration, then one
 * event per change ({@code id:} the generation, {@code data:} the configuration on one line), and heartbeat comments.
 * Acknowledgements are {@code POST …/acknowledgements} with {@code {"generation", "runtimeId"}}, as the SDKs send them.
 *
 * <p>Events are cut at the blank line that ends them, on bytes (a chunk may end inside a multi-byte character);
 * only the {@code data:} line is decoded, and it is read by position like a WebSocket message.
 */
final class SseGroup extends SubscriberGroup {

    private final HttpClientRequest[] requests;
    private final Buffer[] pending;
    private HttpClient streams;
    private HttpClient acks;
    private String streamUri;
    private String ackUri;

    SseGroup(Subscribers all, int first, int size) {
        super(all, first, size);
        this.requests = new HttpClientRequest[size];
        this.pending = new Buffer[size];
    }

    @Override
    public void start() {
        streams = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setTcpNoDelay(true)
                .setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(Math.max(1, size)));
        acks = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(all.options.ackConnections));
        String deployment = "/api/v1/agents/" + all.agent + "/environments/" + all.options.environment;
        streamUri = deployment + "/config/stream?runtimeId=";
        ackUri = deployment + "/acknowledgements";
    }

    @Override
    public void stop(Promise<Void> stopped) {
        closing = true;
        List<Future<Void>> closed = new ArrayList<>();
        for (HttpClientRequest request : requests) {
            if (request != null) {
                closed.add(request.connection().close());
            }
        }
        Future.join(closed)
                .eventually(() -> acks.close())
                .eventually(() -> streams.close())
                .onComplete(ignored -> stopped.complete());
    }

    @Override
    void connect(int local) {
        RequestOptions get = authorized(new RequestOptions().setMethod(HttpMethod.GET).setHost(all.options.host)
                .setPort(all.options.port).setURI(streamUri + Subscribers.runtimeId(first + local))
                .putHeader("accept", "text/event-stream"));
        pending[local] = Buffer.buffer();
        streams.request(get).compose(request -> {
            requests[local] = request;
            return request.send();
        }).onComplete(outcome -> {
            if (outcome.failed()) {
                fail(local, "cannot open the stream: " + outcome.cause().getMessage());
                return;
            }
            var response = outcome.result();
            if (response.statusCode() != 200) {
                response.body().onComplete(body -> fail(local, "HTTP " + response.statusCode() + ": "
                        + (body.succeeded() ? abbreviate(body.result().toString()) : "")));
                return;
            }
            response.handler(chunk -> onChunk(local, chunk));
            response.exceptionHandler(error -> fail(local, "stream error: " + error));
            response.endHandler(ignored -> fail(local, "the server ended the stream"));
        });
    }

    @Override
    void disconnect(int local) {
        if (requests[local] != null) {
            requests[local].connection().close();
        }
    }

    private void onChunk(int local, Buffer chunk) {
        long now = System.nanoTime();
        if (failed(local)) {
            return;
        }
        Buffer buffer = pending[local].appendBuffer(chunk);
        int start = 0;
        for (int end = endOfEvent(buffer, 0); end >= 0; end = endOfEvent(buffer, start)) {
            onEvent(local, buffer, start, end, now);
            start = end + 2;
        }
        pending[local] = start == 0 ? buffer : buffer.getBuffer(start, buffer.length());
    }

    /** The index of the first {@code "\n\n"} at or after {@code from}, or −1. */
    static int endOfEvent(Buffer buffer, int from) {
        for (int i = from; i + 1 < buffer.length(); i++) {
            if (buffer.getByte(i) == '\n' && buffer.getByte(i + 1) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** One event of bytes {@code [start, end)}: only its {@code data:} line matters (comments, retry: are skipped). */
    private void onEvent(int local, Buffer buffer, int start, int end, long now) {
        int line = start;
        while (line < end) {
            int next = line;
            while (next < end && buffer.getByte(next) != '\n') {
                next++;
            }
            if (next - line > 6 && buffer.getByte(line) == 'd' && buffer.getByte(line + 4) == ':') {
                int from = line + 5 + (buffer.getByte(line + 5) == ' ' ? 1 : 0);
                String data = buffer.getString(from, next, StandardCharsets.UTF_8.name());
                configuration(local, data, now, () -> new JsonObject(data));
                return;
            }
            line = next + 1;
        }
    }

    @Override
    void acknowledge(int index, int version, long generation) {
        long start = System.nanoTime();
        Buffer body = new JsonObject().put("generation", generation).put("runtimeId", Subscribers.runtimeId(index))
                .toBuffer();
        RequestOptions post = authorized(new RequestOptions().setMethod(HttpMethod.POST).setHost(all.options.host)
                .setPort(all.options.port).setURI(ackUri).putHeader("content-type", "application/json"));
        acks.request(post)
                .compose(request -> {
                    all.acknowledgementSent(version, generation, System.nanoTime());
                    return request.send(body);
                })
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + answer);
                    }
                    return answer;
                }))
                .onComplete(outcome -> all.acknowledged(index, version, generation, start, System.nanoTime(),
                        outcome.succeeded() ? null : outcome.cause().getMessage()));
    }

    private RequestOptions authorized(RequestOptions request) {
        return all.runtimeToken == null ? request : request.putHeader("authorization", "Bearer " + all.runtimeToken);
    }
}
