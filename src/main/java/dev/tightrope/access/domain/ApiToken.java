package dev.tightrope.access.domain;

import java.time.Instant;

/**
 * An API token's metadata; the secret itself is never kept, only its hash in the database.
 *
 * @param prefix    the secret's first characters, for display ({@code tr_q3Jt0mXh})
 * @param expiresAt {@code null}: never expires
 * @param scope     the agents and environments it may act on
 */
public record ApiToken(long id, String name, Role role, String prefix, Instant createdAt, String createdBy,
        Instant expiresAt, Instant revokedAt, String revokedBy, Instant lastUsedAt, TokenScope scope) {

    public ApiToken {
        scope = scope == null ? TokenScope.FULL : scope;
    }

    /** Revoked wins over expired: a token revoked before it expired reports REVOKED. */
    public TokenStatus status(Instant now) {
        if (revokedAt != null) {
            return TokenStatus.REVOKED;
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return TokenStatus.EXPIRED;
        }
        return TokenStatus.ACTIVE;
    }

    /** How actions taken with this token are attributed: {@code token:<name>}. */
    public String actor() {
        return Caller.tokenActor(name);
    }

    public Caller caller() {
        return new Caller(id, name, role, scope);
    }

    public ApiToken withLastUse(Instant at) {
        return new ApiToken(id, name, role, prefix, createdAt, createdBy, expiresAt, revokedAt, revokedBy, at,
                scope);
    }
}
