package dev.tightrope.access.domain;

/** Whether an API token can be used right now. */
public enum TokenStatus {
    ACTIVE,
    /** Its expiry time has passed. */
    EXPIRED,
    /** An admin revoked it; revocation is final. */
    REVOKED
}
