package dev.tightrope.platform.graphql;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.http.ContentCoding;
import dev.tightrope.platform.http.ContentTypes;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.platform.http.RequestLimits;
import dev.tightrope.platform.input.StrictJson;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The front door of {@code /graphql} over HTTP: every request is checked here before the engine or a fast path sees
 * it, so they all get the same input contract ({@link GraphQLRequest}), and every refusal answers a JSON body with
 * {@code extensions.code}.
 *
 * <ul>
 * <li><b>POST</b>: the body is read with the size limit counted as it arrives (so a chunked body without a declared
 * length is cut off at the limit too; 413 {@code PAYLOAD_TOO_LARGE}); its Content-Type must be
 * {@code application/json} (415 {@code UNSUPPORTED_MEDIA_TYPE}); it must be a well-formed request (400
 * {@code VALIDATION}: not JSON, a duplicate key, a batch, no query, {@code variables} not an object, ...); the
 * document must parse (200 with a {@code VALIDATION} error naming line and column, as the engine answers its own
 * validation errors) and its strings, like those of the variables, must be storable (no NUL). The checked request
 * is left on the routing context ({@link GraphQLRequest#CONTEXT_KEY}) for the routes after this one.</li>
 * <li><b>GET</b> that is not a WebSocket upgrade, and other methods: 405 {@code METHOD_NOT_ALLOWED}.</li>
 * </ul>
 * Unauthenticated requests are passed on unjudged, past the size limit: the permission check answers them 401 first,
 * so nothing about a request is told to a caller without a token. The document and value checks are
 * {@link RequestChecks}, shared with the WebSocket path.
 */
@ApplicationScoped
public class DocumentGuard {

    private final RequestLimits limits;
    private final RequestChecks checks;

    DocumentGuard(RequestLimits limits, RequestChecks checks) {
        this.limits = limits;
        this.checks = checks;
    }

    void install(@Observes Router router) {
        router.post("/graphql").order(RouteOrders.DOCUMENT_GUARD)
                .handler(BodyHandler.create(false).setBodyLimit(limits.limitBytes()))
                .handler(this::check);
        router.get("/graphql").order(RouteOrders.GET_REFUSAL).handler(context -> {
            if (isUpgrade(context)) {
                context.next();
            } else {
                refuseMethod(context);
            }
        });
        router.route("/graphql").order(RouteOrders.GET_REFUSAL).handler(context -> {
            switch (context.request().method().name()) {
                case "GET", "POST", "OPTIONS" -> context.next();
                default -> refuseMethod(context);
            }
        });
    }

    private void check(RoutingContext context) {
        SecurityIdentity identity = identity(context);
        if (identity == null) {
            context.next(); // the permission check answers 401 first: nothing about the request is judged before
            return;
        }
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (!ContentTypes.is(contentType, "application/json")) {
            JsonErrors.send(context, new TightropeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "GraphQL requests are JSON: send Content-Type: application/json with a body {\"query\": "
                            + "\"...\", \"variables\": {...}}" + (contentType == null ? "." : ", not " + contentType
                            + ".")));
            return;
        }
        GraphQLRequest request;
        byte[] body = context.body().buffer() == null ? null : context.body().buffer().getBytes();
        try {
            ContentCoding.requireIdentity(context.request().getHeader(HttpHeaders.CONTENT_ENCODING), "POST /graphql");
            request = GraphQLRequest.parse(body);
        } catch (TightropeException refused) {
            if (refused.code() == ErrorCode.UNSUPPORTED_MEDIA_TYPE) {
                JsonErrors.send(context, refused);
                return;
            }
            announceMalformed(body, identity);
            JsonErrors.send(context, 400, refused, Map.of());
            return;
        }
        TightropeException refusal = checks.refusal(request, identity, true);
        if (refusal != null) {
            JsonErrors.send(context, 200, refusal, Map.of()); // as the engine answers its validation errors
            return;
        }
        context.put(GraphQLRequest.CONTEXT_KEY, request);
        context.next();
    }

    /**
     * A request refused for its shape may still be a mutation (its variables not an object, say): when its query can
     * be read, the mutation is announced for the audit log like any refused one, with its literal arguments.
     */
    private void announceMalformed(byte[] body, SecurityIdentity identity) {
        try {
            if (body != null && StrictJson.read(body) instanceof Map<?, ?> json
                    && json.get("query") instanceof String query) {
                checks.engineRefused(query, json.get("operationName") instanceof String name ? name : null, null,
                        identity, ErrorCode.VALIDATION.name());
            }
        } catch (TightropeException unreadable) {
            // not JSON at all: nothing tells which operation it was
        }
    }

    private static void refuseMethod(RoutingContext context) {
        JsonErrors.send(context, 405, new TightropeException(ErrorCode.METHOD_NOT_ALLOWED, "GraphQL is served with "
                + "POST /graphql (Content-Type: application/json), and subscriptions over a WebSocket on the same "
                + "path; " + context.request().method().name() + " is not taken."), Map.of("Allow", "POST"));
    }

    private static boolean isUpgrade(RoutingContext context) {
        String upgrade = context.request().getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static SecurityIdentity identity(RoutingContext context) {
        return context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity() : null;
    }
}
