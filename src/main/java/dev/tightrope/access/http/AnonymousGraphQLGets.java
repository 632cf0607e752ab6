package dev.tightrope.access.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.platform.graphql.RouteOrders;
import dev.tightrope.platform.http.JsonErrors;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a {@code GET} on {@code /graphql} or below it ({@code /graphql/schema.graphql}) without an API token with
 * 401 {@code UNAUTHENTICATED}, as every other method there is answered. {@code GET} is let through the HTTP
 * permissions only because a WebSocket upgrade brings its token later, in {@code connection_init}; an upgrade is
 * passed on, and so is a request with a valid token (a {@code GET /graphql} is then 405, the schema is served).
 */
@ApplicationScoped
public class AnonymousGraphQLGets {

    void install(@Observes Router router) {
        router.get("/graphql").order(RouteOrders.ANONYMOUS_GET).handler(AnonymousGraphQLGets::check);
        router.get("/graphql/*").order(RouteOrders.ANONYMOUS_GET).handler(AnonymousGraphQLGets::check);
    }

    private static void check(RoutingContext context) {
        String upgrade = context.request().getHeader(HttpHeaders.UPGRADE);
        boolean anonymous = !(context.user() instanceof QuarkusHttpUser user)
                || user.getSecurityIdentity().isAnonymous();
        if (anonymous && (upgrade == null || !upgrade.equalsIgnoreCase("websocket"))) {
            JsonErrors.send(context, 401, AccessErrors.missingToken(),
                    Map.of(EndpointAccess.WWW_AUTHENTICATE, EndpointAccess.CHALLENGE));
        } else {
            context.next();
        }
    }
}
