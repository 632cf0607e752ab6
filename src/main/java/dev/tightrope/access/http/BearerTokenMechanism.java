package dev.tightrope.access.http;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates HTTP requests by {@code Authorization: Bearer tr_…} (RFC 6750). Quarkus runs it before every
 * request (proactive authentication); the WebSocket endpoint runs it again with the {@code authorization} field of
 * the {@code connection_init} payload ({@code quarkus.smallrye-graphql.authorization-client-init-payload-name}).
 *
 * <ul>
 * <li>No {@code Authorization} header, or another scheme: anonymous. Paths that need a token then answer 401.</li>
 * <li>A bearer token that is malformed, unknown, expired or revoked: 401 at once, whatever the path.</li>
 * </ul>
 * A 401 carries {@code WWW-Authenticate: Bearer realm="tightrope"} and a GraphQL-shaped JSON body, so GraphQL
 * clients read it like any other error: {@code {"errors":[{"message":…,"extensions":{"code":"UNAUTHENTICATED"}}]}}.
 * The secret is never logged or echoed.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String SCHEME = "Bearer ";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final String FAILURE = "tightrope.authentication-failure";
    private static final String REALM = "Bearer realm=\"tightrope\"";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Uni.createFrom().nullItem();
        }
        String secret = header.substring(SCHEME.length()).strip();
        return identities.authenticate(new ApiTokenAuthenticationRequest(secret))
                .onFailure().invoke(failure -> context.put(FAILURE, ErrorTranslator.translate(failure)));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, WWW_AUTHENTICATE, REALM));
    }

    /** Answers like the GraphQL endpoint does, with the reason the token was refused. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.headWritten()) {
            return Uni.createFrom().item(true); // e.g. a WebSocket whose connection_init carried a bad token
        }
        TightropeException failure = context.get(FAILURE);
        TightropeException error = failure == null ? AccessErrors.missingToken() : failure;
        JsonObject body = new JsonObject().put("errors", new JsonArray().add(new JsonObject()
                .put("message", error.getMessage())
                .put("extensions", new JsonObject(new java.util.LinkedHashMap<>(error.details()))
                        .put("code", error.code().name()))))
                .putNull("data");
        response.setStatusCode(error.code().httpStatus())
                .putHeader(WWW_AUTHENTICATE, failure == null ? REALM : REALM + ", error=\"invalid_token\"")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body.encode());
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION,
                "bearer"));
    }
}
