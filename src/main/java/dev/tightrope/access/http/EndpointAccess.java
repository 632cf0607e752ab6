package dev.tightrope.access.http;

import java.util.Map;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.AccessPolicy.Decision;
import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.platform.http.JsonErrors;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Access control of the plain HTTP endpoints (Vert.x routes outside GraphQL), by the same rule table as every
 * GraphQL operation ({@link AccessPolicy}, type {@link OperationType#HTTP}). The bearer token was already checked
 * by {@link BearerTokenMechanism} (a bad one answered 401 before any route ran); this decides what a valid token, or
 * none, may call.
 */
public final class EndpointAccess {

    private EndpointAccess() {
    }

    /**
     * The caller when {@code endpoint} (an {@code AccessPolicy.HTTP_*} name) allows it; otherwise answers 401
     * {@code UNAUTHENTICATED} (no token, with {@code WWW-Authenticate}) or 403 {@code FORBIDDEN} and returns null.
     */
    public static Caller allowed(RoutingContext context, String endpoint) {
        Caller caller = context.user() instanceof QuarkusHttpUser user ? Callers.of(user.getSecurityIdentity())
                : null;
        Decision decision = AccessPolicy.decide(OperationType.HTTP, endpoint, caller == null ? null : caller.role());
        switch (decision) {
            case ALLOWED:
                return caller;
            case UNAUTHENTICATED:
                JsonErrors.send(context, 401, AccessErrors.missingToken(),
                        Map.of("WWW-Authenticate", "Bearer realm=\"tightrope\""));
                return null;
            default:
                JsonErrors.send(context, AccessErrors.forbidden(OperationType.HTTP, endpoint, caller.role()));
                return null;
        }
    }
}
