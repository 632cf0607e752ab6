package dev.tightrope.access.domain;

import org.eclipse.microprofile.graphql.Description;

/** Whether an API token can be used right now. */
@Description("Whether an API token can be used right now.")
public enum TokenStatus {
    @Description("It can be used.")
    ACTIVE,
    @Description("Its expiry time has passed.")
    EXPIRED,
    @Description("An admin revoked it; revocation is final.")
    REVOKED
}
