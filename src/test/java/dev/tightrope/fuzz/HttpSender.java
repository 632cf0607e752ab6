package dev.tightrope.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.HttpCall;
import dev.tightrope.fuzz.FuzzCase.SlackSigning;
import dev.tightrope.slack.domain.SlackSignature;
import dev.tightrope.testing.SlackRequests;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Sends a case's HTTP request to the test application over loopback, byte for byte: Vert.x's HTTP client with
 * headers set by hand (no Content-Type unless the case has one), the body with a Content-Length or chunked, a new
 * connection per request. Credentials and Slack signatures are resolved here, at sending time.
 */
final class HttpSender implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final int port;
    private final Credentials credentials;

    HttpSender(Vertx vertx, int port, Credentials credentials) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setMaxInitialLineLength(64 * 1024).setDefaultHost("127.0.0.1").setDefaultPort(port));
        this.port = port;
        this.credentials = credentials;
    }

    Answer send(HttpCall call) {
        return send(call, call.body());
    }

    Answer send(HttpCall call, byte[] body) {
        try {
            HttpClientRequest request = client.request(new RequestOptions().setMethod(HttpMethod.valueOf(call.method()))
                    .setHost("127.0.0.1").setPort(port).setURI(call.path())).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (call.contentType() != null) {
                request.putHeader("Content-Type", call.contentType());
            }
            String authorization = credentials.header(call.auth());
            if (authorization != null) {
                request.putHeader("Authorization", authorization);
            }
            if (call.slack() != null) {
                sign(request, call.slack(), body == null ? new byte[0] : body);
            }
            var response = request.response().compose(r -> r.body().map(b -> Answer.http(r.statusCode(),
                    r.getHeader("Content-Type"), b.getBytes())));
            if (body == null) {
                request.end();
            } else if (call.chunked()) {
                request.setChunked(true);
                int chunk = 64 * 1024;
                for (int i = 0; i < body.length; i += chunk) {
                    request.write(Buffer.buffer().appendBytes(body, i, Math.min(chunk, body.length - i)));
                }
                request.end();
            } else {
                request.end(Buffer.buffer(body));
            }
            return response.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return Answer.failed(String.valueOf(e.getCause()));
        } catch (Exception e) {
            return Answer.failed(e.toString());
        }
    }

    private static void sign(HttpClientRequest request, SlackSigning signing, byte[] body) {
        long now = Instant.now().getEpochSecond();
        String timestamp = switch (signing) {
            case STALE -> Long.toString(now - 6 * 60);
            case FUTURE -> Long.toString(now + 6 * 60);
            case NON_NUMERIC_TIMESTAMP -> "12ab";
            case HUGE_TIMESTAMP -> "99999999999999999999999";
            default -> Long.toString(now);
        };
        String secret = signing == SlackSigning.WRONG_SECRET ? "not-the-signing-secret" : SlackRequests.SIGNING_SECRET;
        byte[] signed = signing == SlackSigning.OTHER_BODY ? "other=body".getBytes(StandardCharsets.UTF_8) : body;
        String signature = SlackSignature.sign(secret, timestamp, signed);
        if (signing == SlackSigning.WRONG_VERSION) {
            signature = "v1" + signature.substring(2);
        } else if (signing == SlackSigning.GARBAGE) {
            signature = "v0=not-hex-zz";
        }
        if (signing != SlackSigning.MISSING_TIMESTAMP) {
            request.putHeader(SlackSignature.TIMESTAMP_HEADER, timestamp);
        }
        if (signing != SlackSigning.MISSING_SIGNATURE) {
            request.putHeader(SlackSignature.SIGNATURE_HEADER, signature);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The Authorization header of each {@link Auth}. */
    record Credentials(String admin, String runtime, String viewer) {

        String header(Auth auth) {
            return switch (auth) {
                case ADMIN -> "Bearer " + admin;
                case RUNTIME -> "Bearer " + runtime;
                case VIEWER -> "Bearer " + viewer;
                case NONE -> null;
                case UNKNOWN_TOKEN -> "Bearer tr_fz0000000000000000000000000000000000000000000";
                case MALFORMED -> "Bearer not a token at all";
                case EMPTY_BEARER -> "Bearer ";
                case BASIC -> "Basic YWRtaW46YWRtaW4=";
            };
        }

        String token(Auth auth) {
            String header = header(auth);
            return header == null ? "" : header;
        }
    }
}
