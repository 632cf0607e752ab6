package dev.tightrope.access.http;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.domain.TokenRevoked;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import dev.tightrope.platform.graphql.RouteOrders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Closes the GraphQL WebSockets of a token when it is revoked, so its subscriptions (a runtime's configuration
 * stream, a dashboard's events) stop at once instead of outliving the token. An expiring token's sockets are closed
 * by Quarkus itself at the expiry time (the identity's {@code quarkus.identity.expire-time}).
 *
 * <p>Every WebSocket upgrade of {@code /graphql} is remembered with its request, whose identity is the one its
 * connection_init authenticated. Entries are weak: a closed connection is forgotten by the garbage collector, with no
 * close handler to install (the connection's handlers belong to Vert.x and SmallRye GraphQL).
 */
@ApplicationScoped
public class GraphQLSockets {

    private static final Logger LOG = Logger.getLogger(GraphQLSockets.class);

    private final Map<HttpConnection, WeakReference<RoutingContext>> open =
            Collections.synchronizedMap(new WeakHashMap<>());

    void install(@Observes Router router) {
        router.get("/graphql").order(RouteOrders.SOCKET_REGISTRY).handler(context -> {
            if (isUpgrade(context)) {
                open.put(context.request().connection(), new WeakReference<>(context));
            }
            context.next();
        });
    }

    void revoked(@Observes TokenRevoked revoked) {
        List<HttpConnection> toClose = new ArrayList<>();
        synchronized (open) {
            open.forEach((connection, reference) -> {
                RoutingContext context = reference.get();
                Caller caller = context == null || !(context.user() instanceof QuarkusHttpUser user) ? null
                        : Callers.of(user.getSecurityIdentity());
                if (caller != null && caller.tokenId() == revoked.tokenId()) {
                    toClose.add(connection);
                }
            });
        }
        if (!toClose.isEmpty()) {
            LOG.infof("Closing %d GraphQL WebSocket(s) of revoked API token %d", toClose.size(), revoked.tokenId());
            toClose.forEach(HttpConnection::close);
        }
    }

    private static boolean isUpgrade(RoutingContext context) {
        String upgrade = context.request().getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
