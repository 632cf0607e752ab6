package dev.tightrope.access.http;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API token secret taken from a request, to be checked by {@link ApiTokenIdentityProvider}. */
public final class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public ApiTokenAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ApiTokenAuthenticationRequest[secret=***]";
    }
}
