package dev.tightrope.runtime.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.domain.TokenRevoked;
import dev.tightrope.access.http.EndpointAccess;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.release.application.ConfigStreams;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.RoutingTables;
import dev.tightrope.release.domain.ReleaseErrors;
import dev.tightrope.runtime.application.RenderedConfigs;
import dev.tightrope.runtime.application.RuntimeApiConfig;
import dev.tightrope.runtime.application.RuntimeMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/agents/{agent}/environments/{environment}/config/stream}: the deployment's routing
 * configuration as Server-Sent Events ({@code text/event-stream}): a {@code retry:} hint, the current configuration,
 * then one event per change ({@code id:} the generation, {@code event: config}, {@code data:} the JSON of
 * {@code GET …/config}), and a {@code : heartbeat} comment every {@code tightrope.runtime.stream-heartbeat}.
 *
 * <p>{@code Last-Event-ID} resumes: a runtime that has the current generation (or a newer one, as after a database
 * restore) gets nothing until the next change; one with an older generation gets the current configuration at once.
 * A stream ends when its token is revoked or expires. {@code ?runtimeId=} registers the runtime for
 * propagation tracking, as {@code configChanged(runtimeId)} does (the same {@link ConfigStreams#watch}). Slow
 * subscribers and the stall rule: see {@link ConfigStream}. Every stream is ended cleanly when the application
 * shuts down. RUNTIME or ADMIN token. See docs/runtime-api.md.
 */
@ApplicationScoped
public class ConfigStreamRoute {

    static final String PATH = DeploymentPath.BASE + "/config/stream";
    private static final Logger LOG = Logger.getLogger(ConfigStreamRoute.class);

    private final ConfigStreams streams;
    private final RoutingTables tables;
    private final RenderedConfigs renderings;
    private final RuntimeMetrics metrics;
    private final RuntimeApiConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final Map<ConfigStream, Opened> open = new ConcurrentHashMap<>();

    /** Where an open stream runs and whose token opened it. */
    private record Opened(Context loop, long tokenId) {
    }

    ConfigStreamRoute(ConfigStreams streams, RoutingTables tables, RenderedConfigs renderings, RuntimeMetrics metrics,
            RuntimeApiConfig config, Clock clock, Vertx vertx) {
        this.streams = streams;
        this.tables = tables;
        this.renderings = renderings;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.get(PATH).handler(this::handle);
        router.head(PATH).handler(this::handle); // the same checks and headers, and no stream
        DeploymentPath.refuseOtherMethods(router, PATH, "GET, HEAD");
    }

    /** Ends every open stream, so runtimes see a clean end and reconnect to another instance. */
    void closeAll(@Observes ShutdownEvent shutdown) {
        closeAll();
    }

    void closeAll() {
        open.forEach((stream, opened) -> opened.loop().runOnContext(ignored -> stream.close()));
    }

    /**
     * Ends the streams of a revoked token (here or on another instance), as its WebSockets are closed: a leaked
     * token stops receiving configurations at once, and its runtime, reconnecting, is refused (401).
     */
    void revoked(@Observes TokenRevoked revoked) {
        open.forEach((stream, opened) -> {
            if (opened.tokenId() == revoked.tokenId()) {
                opened.loop().runOnContext(ignored -> stream.close());
            }
        });
    }

    /** Open streams on this instance. */
    int openStreams() {
        return open.size();
    }

    private void handle(RoutingContext context) {
        Caller caller = EndpointAccess.allowed(context, AccessPolicy.HTTP_CONFIG_STREAM);
        if (caller == null) {
            return;
        }
        DeploymentPath deployment = DeploymentPath.of(context);
        if (deployment == null) {
            return;
        }
        Long known = lastEventId(context);
        if (known == null) {
            return;
        }
        RoutingTable current = tables.table(deployment.agent(), deployment.environment());
        if (current == null) {
            JsonErrors.send(context, ReleaseErrors.nothingDeployed(deployment.agent(), deployment.environment()));
            return;
        }
        if (context.request().method() == HttpMethod.HEAD) {
            context.response().setStatusCode(200).putHeader("Content-Type", "text/event-stream; charset=UTF-8")
                    .putHeader("Cache-Control", "no-cache").end();
            return;
        }
        Multi<RoutingTable> items;
        try {
            items = streams.watch(deployment.agent(), deployment.environment(), context.request().getParam(
                    "runtimeId"));
        } catch (TightropeException refused) {
            JsonErrors.send(context, refused); // a malformed runtimeId
            return;
        }
        // a runtime ahead of this deployment (a restored database, a deployment made again) is treated as current:
        // it gets the next change, instead of nothing until the generation passes its id
        start(context, Math.min(known, current.generation()), items, caller.tokenId(),
                EndpointAccess.expiresAt(context));
    }

    private void start(RoutingContext context, long known, Multi<RoutingTable> items, long tokenId,
            Instant expiresAt) {
        HttpServerResponse response = context.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=UTF-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // proxies such as nginx: do not buffer the stream
        response.write("retry: " + config.streamRetry().toMillis() + "\n\n");
        ConfigStream stream = new ConfigStream(response, abort(context.request()), known, renderings, metrics, clock,
                config.streamStallTimeout());
        Context loop = Vertx.currentContext();
        open.put(stream, new Opened(loop, tokenId));
        metrics.streamOpened();
        // a stream ends when its token expires, as its WebSockets are closed then
        long expiry = expiresAt == null ? -1 : vertx.setTimer(Math.max(1, Duration.between(clock.instant(),
                expiresAt).toMillis()), id -> stream.close());
        long timer = vertx.setPeriodic(config.streamHeartbeat().toMillis(), id -> {
            if (!stream.heartbeat()) {
                LOG.debugf("Configuration stream of %s closed: its connection took nothing for %s",
                        context.request().path(), config.streamStallTimeout());
            }
        });
        // the stream's items may arrive on another context (after the runtime's registration in the database):
        // everything a ConfigStream does happens on its connection's context
        Cancellable subscription = items.subscribe().with(
                table -> on(loop, () -> stream.offer(table)),
                failure -> on(loop, () -> {
                    LOG.errorf(failure, "Configuration stream of %s failed", context.request().path());
                    stream.close();
                }),
                () -> on(loop, stream::close));
        Runnable ended = () -> {
            if (open.remove(stream) != null) {
                metrics.streamClosed();
            }
            stream.gone();
            vertx.cancelTimer(timer);
            if (expiry >= 0) {
                vertx.cancelTimer(expiry);
            }
            subscription.cancel();
        };
        response.closeHandler(ignored -> ended.run());
        response.endHandler(ignored -> ended.run());
        response.exceptionHandler(failure -> LOG.debugf("Configuration stream failed: %s", failure.toString()));
    }

    /**
     * Closes a connection at once. Vert.x's own close (also a Netty {@code channel.close()}, which Vert.x's handler
     * intercepts) first flushes what was written, which never ends when the runtime reads nothing; so for HTTP/1.1
     * the close starts from Vert.x's own handler context and goes straight to the socket. Vert.x's connection class
     * is internal API: check this when upgrading Vert.x (ConfigStreamBehaviourTest fails if a stalled stream stays
     * open). An HTTP/2 stream is reset instead.
     */
    private static Runnable abort(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            return () -> connection.channelHandlerContext().close();
        }
        return () -> request.response().reset();
    }

    private static void on(Context loop, Runnable action) {
        if (Vertx.currentContext() == loop) {
            action.run();
        } else {
            loop.runOnContext(ignored -> action.run());
        }
    }

    /**
     * The {@code Last-Event-ID} header: absent (0, nothing known) or a generation; anything else answers 400
     * {@code VALIDATION} and returns null.
     */
    private static Long lastEventId(RoutingContext context) {
        String header = context.request().getHeader("Last-Event-ID");
        if (header == null || header.isBlank()) {
            return 0L;
        }
        String value = header.strip();
        if (value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(value);
        }
        JsonErrors.send(context, TightropeException.invalid(List.of(new Violation("Last-Event-ID",
                "must be a generation (a whole number from 0), as the stream's event ids are"))));
        return null;
    }
}
