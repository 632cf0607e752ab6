package dev.tightrope.slack.application;

import java.time.Duration;
import java.util.function.IntConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.slack.domain.RetryPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Posts JSON to Slack (incoming webhooks, {@code response_url}s) without blocking: Vert.x's HTTP client on the event
 * loop, retries by {@link RetryPolicy} on Vert.x timers. Nothing waits for it: callers get a {@link Uni} that
 * completes when Slack accepted the message or the policy gave up.
 */
@ApplicationScoped
public class SlackPoster {

    private static final Logger LOG = Logger.getLogger(SlackPoster.class);

    /**
     * How a post ended.
     *
     * @param delivered Slack answered 2xx
     * @param attempts  attempts made
     * @param detail    the last status or error, for logs
     */
    public record Result(boolean delivered, int attempts, String detail) {
    }

    private final Vertx vertx;
    private final HttpClient client;

    public SlackPoster(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(8)
                .setKeepAlive(true)
                .setVerifyHost(true));
    }

    /**
     * Posts {@code json} to {@code url}, retrying as the policy says.
     *
     * @param timeout  the longest one attempt may take (connect, or silence while waiting for the answer)
     * @param retrying called with the failed attempt's number before each retry
     */
    public Uni<Result> post(String url, String json, RetryPolicy policy, Duration timeout, IntConsumer retrying) {
        return Uni.createFrom().emitter(emitter -> attempt(url, Buffer.buffer(json), policy, timeout, retrying, 1,
                emitter::complete));
    }

    private void attempt(String url, Buffer body, RetryPolicy policy, Duration timeout, IntConsumer retrying,
            int attempt, java.util.function.Consumer<Result> done) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8");
        client.request(options)
                .compose(request -> request.send(body.copy()))
                .compose(response -> response.body().map(answer -> new Answer(response.statusCode(),
                        retryAfter(response.getHeader("Retry-After")), answer.toString())))
                .onComplete(outcome -> {
                    Integer status = outcome.succeeded() ? outcome.result().status() : null;
                    Duration retryAfter = outcome.succeeded() ? outcome.result().retryAfter() : null;
                    String detail = outcome.succeeded()
                            ? "HTTP " + status + " " + abbreviate(outcome.result().body())
                            : String.valueOf(outcome.cause());
                    RetryPolicy.Decision decision = policy.after(attempt, status, retryAfter);
                    if (decision instanceof RetryPolicy.Decision.Done) {
                        done.accept(new Result(true, attempt, detail));
                    } else if (decision instanceof RetryPolicy.Decision.RetryAfter retry) {
                        LOG.debugf("Slack post attempt %d failed (%s); retrying in %s", attempt, detail,
                                retry.delay());
                        retrying.accept(attempt);
                        vertx.setTimer(Math.max(1, retry.delay().toMillis()), id -> attempt(url, body, policy,
                                timeout, retrying, attempt + 1, done));
                    } else {
                        LOG.warnf("Slack post failed for good after %d attempt(s): %s (%s)", attempt, detail,
                                ((RetryPolicy.Decision.GiveUp) decision).reason());
                        done.accept(new Result(false, attempt, detail));
                    }
                });
    }

    private record Answer(int status, Duration retryAfter, String body) {
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
