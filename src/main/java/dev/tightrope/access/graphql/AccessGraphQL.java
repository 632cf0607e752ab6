package dev.tightrope.access.graphql;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import dev.tightrope.access.application.ApiTokenService;
import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.domain.TokenScope;
import dev.tightrope.access.http.Callers;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import io.smallrye.mutiny.Uni;

/** API tokens over GraphQL (ADMIN only, see AccessPolicy), and {@code viewer}: who is calling. */
@GraphQLApi
public class AccessGraphQL {

    private final ApiTokenService tokens;
    private final ActorProvider actors;
    private final Clock clock;

    AccessGraphQL(ApiTokenService tokens, ActorProvider actors, Clock clock) {
        this.tokens = tokens;
        this.actors = actors;
        this.clock = clock;
    }

    @Mutation
    @NonNull
    @Description("Creates an API token with a fresh secret of 32 random bytes, returned in this answer only. name: 1 "
            + "to 64 letters, digits, '.', '_', '-', '@', unique (CONFLICT otherwise); expiresAt: in the future, or "
            + "null for no expiry.")
    public Uni<CreatedApiTokenNode> createApiToken(
            @Description("Unique name, 1 to 64 letters, digits, '.', '_', '-', '@'; actions are recorded as "
                    + "token:<name>.") @NonNull String name,
            @Description("What the token may do.") @NonNull Role role,
            @Description("When the token stops working (in the future); null: never.") Instant expiresAt,
            @Description("The agents the token may act on: slugs (support-bot) or prefixes with * (support-*). "
                    + "Null or empty: every agent. Within the creator's own scope.") List<String> agents,
            @Description("The environments the token may act on, written like agents. Null or empty: every "
                    + "environment.") List<String> environments) {
        List<Violation> violations = new java.util.ArrayList<>();
        TokenScope scope = TokenScope.of(agents, environments, violations);
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        Caller caller = Callers.of(ActorProvider.currentIdentity());
        return tokens.create(name, role, expiresAt, scope, actors.current(),
                        caller == null ? TokenScope.FULL : caller.scope())
                .map(created -> new CreatedApiTokenNode(created.secret(), node(created.token())));
    }

    @Mutation
    @NonNull
    @Description("Revokes a token for good: the next request with it is refused. Revoking it again changes nothing. "
            + "CONFLICT for the last active ADMIN token.")
    public Uni<ApiTokenNode> revokeApiToken(@Description("The token's id (ApiToken.id).") @NonNull @Id String id) {
        return tokens.revoke(parseId(id), actors.current()).map(this::node);
    }

    @Query
    @NonNull
    @Description("Every API token, oldest first, with its status and last use; never a secret.")
    public Uni<List<@NonNull ApiTokenNode>> apiTokens() {
        return tokens.list().map(list -> list.stream().map(this::node).toList());
    }

    @Query
    @NonNull
    @Description("The caller: the name and role of this request's API token.")
    public ViewerNode viewer() {
        Caller caller = Callers.of(ActorProvider.currentIdentity());
        if (caller == null) {
            throw AccessErrors.missingToken(); // AccessControl refuses first; kept for a call from elsewhere
        }
        return new ViewerNode(caller);
    }

    private ApiTokenNode node(dev.tightrope.access.domain.ApiToken token) {
        return new ApiTokenNode(token, clock.instant());
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw TightropeException.invalid(List.of(new Violation("id", "is not an API token id")));
        }
    }
}
