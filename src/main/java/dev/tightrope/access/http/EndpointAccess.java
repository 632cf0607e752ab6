package dev.tightrope.access.http;

import java.time.Instant;
import java.util.Map;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.AccessPolicy.Decision;
import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
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

    /** The header of a 401 answer, and its value. */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    public static final String CHALLENGE = "Bearer realm=\"tightrope\"";

    private EndpointAccess() {
    }

    /**
     * The caller when {@code endpoint} (an {@code AccessPolicy.HTTP_*} name) allows it; otherwise answers 401
     * {@code UNAUTHENTICATED} (no token, with {@code WWW-Authenticate}) or 403 {@code FORBIDDEN} and returns null.
     */
    public static Caller allowed(RoutingContext context, String endpoint) {
        TightropeException refused = refusal(context, endpoint);
        if (refused == null) {
            return caller(context);
        }
        JsonErrors.send(context, refused.code().httpStatus(), refused, refused.code() == ErrorCode.UNAUTHENTICATED
                ? Map.of(WWW_AUTHENTICATE, CHALLENGE) : Map.of());
        return null;
    }

    /**
     * Why {@code endpoint} refuses this request ({@code UNAUTHENTICATED} without a token, {@code FORBIDDEN} for a
     * role it does not allow), or null when it allows it; for endpoints that answer in a shape of their own (OTLP's
     * google.rpc.Status). An UNAUTHENTICATED answer should carry {@code WWW-Authenticate: }{@value #CHALLENGE}.
     */
    public static TightropeException refusal(RoutingContext context, String endpoint) {
        Caller caller = caller(context);
        Decision decision = AccessPolicy.decide(OperationType.HTTP, endpoint, caller == null ? null : caller.role());
        return switch (decision) {
            case ALLOWED -> null;
            case UNAUTHENTICATED -> AccessErrors.missingToken();
            default -> AccessErrors.forbidden(OperationType.HTTP, endpoint, caller.role());
        };
    }

    /**
     * Whether the request's token may act on this deployment (its scope); otherwise answers 403 {@code FORBIDDEN}
     * naming the token's scope, and returns false. For endpoints whose path names a deployment.
     */
    public static boolean inScope(RoutingContext context, String endpoint, String agent, String environment) {
        TightropeException refused = scopeRefusal(context, endpoint, agent, environment);
        if (refused == null) {
            return true;
        }
        JsonErrors.send(context, refused.code().httpStatus(), refused, Map.of());
        return false;
    }

    /** Why the token's scope refuses this deployment, or null (no token, or within its scope). */
    public static TightropeException scopeRefusal(RoutingContext context, String endpoint, String agent,
            String environment) {
        Caller caller = caller(context);
        if (caller == null || caller.scope().covers(agent, environment)) {
            return null;
        }
        return AccessErrors.outOfScope(caller, endpoint, agent, environment);
    }

    /** The caller of the request, {@code null} without a (valid) token. */
    /**
     * When the request's token expires (null: never, or no token): for answers that outlive the request, such as a
     * stream, which must end then.
     */
    public static Instant expiresAt(RoutingContext context) {
        if (context.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getAttribute(Callers.EXPIRE_TIME) instanceof Long seconds) {
            return Instant.ofEpochSecond(seconds);
        }
        return null;
    }

    public static Caller caller(RoutingContext context) {
        return context.user() instanceof QuarkusHttpUser user ? Callers.of(user.getSecurityIdentity()) : null;
    }
}
