package dev.tightrope.access.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.access.domain.ApiToken;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.domain.TokenStatus;

/** GraphQL type {@code ApiToken}: metadata only, never the secret or its hash. */
@Type("ApiToken")
@Description("An API token's metadata. The secret is shown once, by createApiToken, and never stored.")
public class ApiTokenNode {

    private final ApiToken token;
    private final Instant now;

    ApiTokenNode(ApiToken token, Instant now) {
        this.token = token;
        this.now = now;
    }

    @Description("Identifies the token, e.g. for revokeApiToken.")
    @Id
    @NonNull
    public String getId() {
        return Long.toString(token.id());
    }

    @NonNull
    @Description("Unique among all tokens, revoked ones included; actions with it are attributed to token:<name>.")
    public String getName() {
        return token.name();
    }

    @Description("What the token may do.")
    @NonNull
    public Role getRole() {
        return token.role();
    }

    @NonNull
    @Description("The secret's first characters (tr_ and 8 more), to tell tokens apart.")
    public String getPrefix() {
        return token.prefix();
    }

    @NonNull
    @Description("ACTIVE, EXPIRED or REVOKED, now.")
    public TokenStatus getStatus() {
        return token.status(now);
    }

    @NonNull
    public Instant getCreatedAt() {
        return token.createdAt();
    }

    @Description("Who created it: token:<name>, or tightrope for the bootstrap token.")
    @NonNull
    public String getCreatedBy() {
        return token.createdBy();
    }

    @Description("When the token stops working; null: never.")
    public Instant getExpiresAt() {
        return token.expiresAt();
    }

    public Instant getRevokedAt() {
        return token.revokedAt();
    }

    @Description("Who revoked it; null while not revoked.")
    public String getRevokedBy() {
        return token.revokedBy();
    }

    @NonNull
    @Description("The agents the token may act on (slugs, or prefixes ending in *); empty: every agent.")
    public java.util.List<@NonNull String> getAgents() {
        return token.scope().agents();
    }

    @NonNull
    @Description("The environments the token may act on; empty: every environment.")
    public java.util.List<@NonNull String> getEnvironments() {
        return token.scope().environments();
    }

    @Description("Last request made with the token, accurate to about a minute; null: never used.")
    public Instant getLastUsedAt() {
        return token.lastUsedAt();
    }
}
