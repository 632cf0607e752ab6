package dev.tightrope.platform.actor;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.RoutingContext;

/**
 * Names who is making the current request, for authors of versions, actors of traffic changes and audit entries:
 * the principal of the request's security identity, {@code token:<name>} for an API token, or {@value #ANONYMOUS}
 * when the request carries none.
 */
@ApplicationScoped
public class ActorProvider {

    public static final String ANONYMOUS = "anonymous";

    /**
     * The request header that names the client program: the web dashboard sends {@code X-Tightrope-Client:
     * dashboard}. A label, not a credential: it changes what a traffic change records as its trigger, never what a
     * token may do.
     */
    public static final String CLIENT_HEADER = "X-Tightrope-Client";

    /** Where Quarkus keeps the HTTP request on its Vert.x (duplicated) context. */
    private static final String ROUTING_CONTEXT = "quarkus.http.routing.context";

    public String current() {
        SecurityIdentity identity = currentIdentity();
        return identity == null || identity.isAnonymous() ? ANONYMOUS : identity.getPrincipal().getName();
    }

    /** The {@value #CLIENT_HEADER} header of the HTTP request being handled, or null (none, or no request). */
    public String client() {
        RoutingContext request = currentRequest();
        return request == null ? null : request.request().getHeader(CLIENT_HEADER);
    }

    /** The HTTP request being handled: on its Vert.x context, or else in CDI's request context; null outside one. */
    private static RoutingContext currentRequest() {
        if (VertxContext.isOnDuplicatedContext()) {
            RoutingContext request = ContextLocals.get(ROUTING_CONTEXT, null);
            if (request != null) {
                return request;
            }
        }
        if (Arc.container().requestContext().isActive()) {
            return Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        }
        return null;
    }

    /**
     * The security identity of the request being handled, {@code null} outside of one. Looked up first on the
     * request's Vert.x context — where it is also found by code running after an asynchronous step, when CDI's
     * request context is no longer active — then through the request context.
     */
    public static SecurityIdentity currentIdentity() {
        if (VertxContext.isOnDuplicatedContext()) {
            RoutingContext request = ContextLocals.get(ROUTING_CONTEXT, null);
            if (request != null && request.user() instanceof QuarkusHttpUser user) {
                return user.getSecurityIdentity();
            }
        }
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive()) {
            return Arc.container().instance(CurrentIdentityAssociation.class).get().getIdentity();
        }
        return null;
    }
}
