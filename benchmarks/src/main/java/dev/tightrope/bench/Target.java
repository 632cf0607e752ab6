package dev.tightrope.bench;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * One thing to load: a request (the same options, bodies cycled) and a cheap check of its answer (status 200 and
 * the expected first bytes; an answer with GraphQL {@code errors} starts differently).
 */
final class Target {

    final String name;
    final RequestOptions request;
    private final Buffer[] bodies;
    private final byte[] expectedPrefix;

    private Target(String name, RequestOptions request, Buffer[] bodies, String expectedPrefix) {
        this.name = name;
        this.request = request;
        this.bodies = bodies;
        this.expectedPrefix = expectedPrefix.getBytes(StandardCharsets.UTF_8);
    }

    /** GET /bench/ceiling: the HTTP stack alone (see CeilingRoute in the application). */
    static Target ceiling(Options options) {
        RequestOptions request = Api.authorized(new RequestOptions().setMethod(HttpMethod.GET).setHost(options.host)
                .setPort(options.port).setURI("/bench/ceiling").setIdleTimeout(10_000), options);
        return new Target("ceiling", request, null, "{\"ok\":true}");
    }

    /** GET of any path of the same server (an experiment to compare); {agent} is replaced by the agent slug. */
    static Target extra(Options options, String agent) {
        RequestOptions request = Api.authorized(new RequestOptions().setMethod(HttpMethod.GET).setHost(options.host)
                .setPort(options.port).setURI(options.extraGet.replace("{agent}", agent)).setIdleTimeout(10_000),
                options);
        return new Target("extra", request, null, "{");
    }

    /** POST /graphql route(), one body per routing key. */
    static Target route(Options options, String agent) {
        String query = options.routeFields.equals("full") ? Api.ROUTE_FULL : Api.ROUTE_MINIMAL;
        Buffer[] bodies = new Buffer[options.routeKeys];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = Api.body(query, new JsonObject().put("agent", agent).put("environment", options.environment)
                    .put("routingKey", "user-" + i));
        }
        return new Target("route", Api.graphQLPost(options), bodies, "{\"data\":{\"route\":{");
    }

    /** The body of the n-th request, or {@code null} for a GET. */
    Buffer body(long n) {
        return bodies == null ? null : bodies[(int) (n % bodies.length)];
    }

    boolean accepts(int status, Buffer body) {
        if (status != 200 || body.length() < expectedPrefix.length) {
            return false;
        }
        for (int i = 0; i < expectedPrefix.length; i++) {
            if (body.getByte(i) != expectedPrefix[i]) {
                return false;
            }
        }
        return true;
    }
}
