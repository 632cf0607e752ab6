package dev.tightrope.platform.bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * The ceiling of the HTTP stack, for benchmarks only: {@code GET /bench/ceiling} answers a tiny constant JSON body
 * straight from a Vert.x route, with no GraphQL parsing, validation, execution or serialisation.
 *
 * <p>The route() benchmark ({@code benchmarks/}, see {@code docs/benchmarks.md}) measures this endpoint in the same
 * run and against the same server as {@code POST /graphql} route() queries, so the ratio of the two throughputs
 * shows how much the GraphQL layer and the routing code cost on top of what the HTTP server (Vert.x, Netty, the
 * Micrometer HTTP metrics, keep-alive connections) can do at most on the same machine.
 *
 * <p>Off unless {@code tightrope.bench.ceiling-enabled=true} (default {@code false}): a production server does not
 * expose it.
 */
@ApplicationScoped
public class CeilingRoute {

    /** The route's path. */
    public static final String PATH = "/bench/ceiling";

    private static final Buffer BODY = Buffer.buffer("{\"ok\":true}");

    private final boolean enabled;

    CeilingRoute(@ConfigProperty(name = "tightrope.bench.ceiling-enabled", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    void init(@Observes Router router) {
        if (!enabled) {
            return;
        }
        router.get(PATH).handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(BODY.copy()));
    }
}
