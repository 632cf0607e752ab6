package dev.tightrope.platform.graphql.socket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tightrope.platform.graphql.RequestChecks;
import dev.tightrope.platform.graphql.RouteOrders;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeAuthGraphQLTransportWSSubprotocolHandler;
import io.quarkus.smallrye.graphql.runtime.SmallRyeAuthGraphQLWSSubprotocolHandler;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLOverWebSocketHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Accepts the GraphQL WebSockets of {@code /graphql} ({@code graphql-transport-ws}) in place of SmallRye GraphQL's
 * own route, so that {@link SubscriptionFastPath}s can answer the subscriptions they know (see {@link SocketSession})
 * while SmallRye GraphQL's protocol handler, with Quarkus's authentication in {@code connection_init}, does all the
 * rest exactly as it would on its own route.
 *
 * <p>The upgrade is done by a subclass of Quarkus's own WebSocket handler, so the request context, the security
 * identity and the handshake metadata are prepared by Quarkus as usual; only the creation of the socket's protocol
 * handler differs: it writes through a {@link SocketSession}. Sockets of the older {@code graphql-ws} subprotocol are
 * taken too, without fast paths, so that every subscription is held to the same request checks; with
 * {@code tightrope.graphql.socket-fast-path=false} no socket has fast paths, and the checks stay.
 */
@ApplicationScoped
public class GraphQLSocketEndpoint {

    static final String TRANSPORT_WS = "graphql-transport-ws";
    /** The older subprotocol of subscriptions-transport-ws: no fast path, but the same request checks. */
    static final String LEGACY_WS = "graphql-ws";
    private static final Logger LOG = Logger.getLogger(GraphQLSocketEndpoint.class);

    private final boolean enabled;
    private final Upgrade upgrade;
    private final Instance<SubscriptionFastPath> fastPaths;
    private final RequestChecks checks;
    private final Duration initTimeout;
    private volatile List<SubscriptionFastPath> resolved;

    GraphQLSocketEndpoint(
            @ConfigProperty(name = "tightrope.graphql.socket-fast-path", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.smallrye-graphql.authorization-client-init-payload-name")
            Optional<String> initPayloadAuthorization,
            CurrentIdentityAssociation identities, CurrentVertxRequest requests,
            @Any Instance<SubscriptionFastPath> fastPaths, RequestChecks checks,
            @ConfigProperty(name = "tightrope.graphql.connection-init-timeout", defaultValue = "10S")
            Duration initTimeout) {
        this.checks = checks;
        this.initTimeout = initTimeout;
        this.enabled = enabled;
        this.fastPaths = fastPaths;
        this.upgrade = new Upgrade(identities, requests, initPayloadAuthorization);
    }

    void install(@Observes Router router) {
        router.get("/graphql").order(RouteOrders.SOCKET_ENDPOINT).handler(context -> {
            if (offersGraphQLSocket(context)) {
                upgrade.handle(context);
            } else {
                context.next();
            }
        });
    }

    private List<SubscriptionFastPath> fastPaths() {
        List<SubscriptionFastPath> current = resolved;
        if (current == null) {
            current = enabled ? fastPaths.stream().toList() : List.of();
            resolved = current;
        }
        return current;
    }

    private static boolean offersGraphQLSocket(RoutingContext context) {
        String upgrade = context.request().getHeader(HttpHeaders.UPGRADE);
        String protocols = context.request().getHeader("Sec-WebSocket-Protocol");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket") || protocols == null
                || context.request().isEnded()) {
            return false;
        }
        for (String protocol : protocols.split(",")) {
            if (protocol.trim().equals(TRANSPORT_WS) || protocol.trim().equals(LEGACY_WS)) {
                return true;
            }
        }
        return false;
    }

    /** Quarkus's WebSocket handler, with the socket's protocol handler writing through a {@link SocketSession}. */
    private final class Upgrade extends SmallRyeGraphQLOverWebSocketHandler {

        private final Optional<String> initPayloadAuthorization;

        Upgrade(CurrentIdentityAssociation identities, CurrentVertxRequest requests,
                Optional<String> initPayloadAuthorization) {
            super(identities, requests, false, initPayloadAuthorization);
            this.initPayloadAuthorization = initPayloadAuthorization;
        }

        @Override
        protected void doHandle(RoutingContext context) {
            Map<String, Object> metaData = getMetaData(context);
            context.request().toWebSocket()
                    .onSuccess(socket -> open(socket, context, metaData))
                    .onFailure(failure -> LOG.debugf(failure, "GraphQL WebSocket upgrade failed"));
        }

        private void open(ServerWebSocket socket, RoutingContext context, Map<String, Object> metaData) {
            String protocol = socket.subProtocol();
            if (TRANSPORT_WS.equals(protocol)) {
                SocketSession session = new SocketSession(socket, context, fastPaths(), checks, false);
                session.closeUnlessInitialisedWithin(initTimeout);
                session.attach(new SmallRyeAuthGraphQLTransportWSSubprotocolHandler(session, metaData, context, this,
                        initPayloadAuthorization));
            } else if (LEGACY_WS.equals(protocol)) {
                SocketSession session = new SocketSession(socket, context, List.of(), checks, true);
                session.closeUnlessInitialisedWithin(initTimeout);
                session.attach(new SmallRyeAuthGraphQLWSSubprotocolHandler(session, metaData, context, this,
                        initPayloadAuthorization));
            } else {
                LOG.debugf("GraphQL WebSocket without a known subprotocol (%s) closed", protocol);
                socket.close();
            }
        }
    }
}
