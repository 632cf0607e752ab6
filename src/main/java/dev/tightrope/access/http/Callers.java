package dev.tightrope.access.http;

import dev.tightrope.access.domain.ApiToken;
import dev.tightrope.access.domain.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Converts between API tokens, {@link Caller}s and Quarkus security identities. */
public final class Callers {

    /** Attribute of a security identity holding its {@link Caller}. */
    public static final String CALLER = "tightrope.caller";
    /**
     * Quarkus closes a GraphQL WebSocket when its identity expires (seconds since the epoch); set for tokens with an
     * expiry, so a subscription never outlives its token.
     */
    static final String EXPIRE_TIME = "quarkus.identity.expire-time";

    private Callers() {
    }

    static SecurityIdentity identity(ApiToken token) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.actor()))
                .addRole(token.role().name())
                .addAttribute(CALLER, token.caller());
        if (token.expiresAt() != null) {
            builder.addAttribute(EXPIRE_TIME, token.expiresAt().getEpochSecond());
        }
        return builder.build();
    }

    /** The caller of an authenticated identity; {@code null} for anonymous ones. */
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Object caller = identity.getAttribute(CALLER);
        return caller instanceof Caller known ? known : null;
    }
}
