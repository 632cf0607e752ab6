package dev.tightrope.access.http;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.access.application.TokenAuthenticator;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns an API token secret into a security identity: principal {@code token:<name>}, the token's role, and the
 * {@link dev.tightrope.access.domain.Caller} as attribute. The check itself ({@link TokenAuthenticator}) answers
 * from memory after a token's first use.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenAuthenticationRequest> {

    private final TokenAuthenticator authenticator;

    ApiTokenIdentityProvider(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Class<ApiTokenAuthenticationRequest> getRequestType() {
        return ApiTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return authenticator.authenticate(request.secret())
                .map(Callers::identity)
                .onFailure().transform(failure -> new AuthenticationFailedException(failure.getMessage(), failure));
    }
}
