package dev.tightrope.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Server-Sent Events client for tests, on the JDK's HttpClient: it parses the stream as it arrives (lines, by the
 * SSE rules: {@code id:}, {@code event:}, {@code data:}, {@code retry:}, comments, a blank line dispatches) into a
 * queue of events that a test takes with a timeout. No thread per stream: the body is read by the client's own
 * selector, so hundreds of streams are cheap. Closing it cancels the body, which closes the connection.
 */
public final class SseClient implements AutoCloseable {

    /** One dispatched event. */
    public record Event(String id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final AtomicReference<String> retry = new AtomicReference<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final HttpResponse<?> response;

    private SseClient(HttpResponse<?> response) {
        this.response = response;
    }

    /** Opens a stream; the answer's status and headers are there before this returns. */
    public static SseClient open(URI uri, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = HTTP.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofPublisher()).get(10, TimeUnit.SECONDS);
        SseClient client = new SseClient(response);
        response.body().subscribe(client.new Parser());
        return client;
    }

    /** A plain request (for refusals): status and body as text. */
    public static HttpResponse<String> get(URI uri, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or null after the timeout. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events received and not taken yet. */
    public List<Event> pending() {
        return List.copyOf(events);
    }

    public int comments() {
        return comments.get();
    }

    /** The last {@code retry:} value received. */
    public String retry() {
        return retry.get();
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended.isDone();
    }

    @Override
    public void close() {
        Flow.Subscription current = subscription.get();
        if (current != null) {
            current.cancel();
        }
    }

    /** The SSE line rules, over the body's bytes as they arrive (lines end with LF, CRLF or CR). */
    private final class Parser implements Flow.Subscriber<List<ByteBuffer>> {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean afterCr;
        private String id;
        private String event;
        private StringBuilder data;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            SseClient.this.subscription.set(subscription);
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n' && afterCr) {
                        afterCr = false;
                        continue;
                    }
                    afterCr = b == '\r';
                    if (b == '\n' || b == '\r') {
                        line(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
        }

        private void line(String text) {
            if (text.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, event == null ? "message" : event, data.toString()));
                }
                data = null;
                event = null;
                return;
            }
            if (text.startsWith(":")) {
                comments.incrementAndGet();
                return;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "retry" -> retry.set(value);
                default -> { }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended.complete(null);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }
    }
}
