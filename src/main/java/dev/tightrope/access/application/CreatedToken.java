package dev.tightrope.access.application;

import dev.tightrope.access.domain.ApiToken;

/**
 * A token just created, with its secret: the only time the secret exists outside the client. Not loggable:
 * {@link #toString()} leaves the secret out.
 */
public record CreatedToken(String secret, ApiToken token) {

    @Override
    public String toString() {
        return "CreatedToken[token=" + token + "]";
    }
}
