package dev.tightrope.access.domain;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;

/** The errors of access control, with messages that tell a person what to do. */
public final class AccessErrors {

    private AccessErrors() {
    }

    /** No credential at all. */
    public static TightropeException missingToken() {
        return unauthenticated("This API needs an API token: send the header 'Authorization: Bearer tr_…' (over "
                + "WebSocket: the connection_init payload {\"authorization\": \"Bearer tr_…\"}).");
    }

    public static TightropeException malformedToken() {
        return unauthenticated("The bearer token is not a Tightrope API token: expected 'tr_' followed by at least "
                + "43 letters, digits, '_' or '-'.");
    }

    public static TightropeException unknownToken() {
        return unauthenticated("The API token is not valid.");
    }

    public static TightropeException expired(ApiToken token) {
        return unauthenticated("The API token '" + token.name() + "' expired at " + token.expiresAt()
                + "; ask an admin for a new one.");
    }

    public static TightropeException revoked(ApiToken token) {
        return unauthenticated("The API token '" + token.name() + "' has been revoked; ask an admin for a new one.");
    }

    /** The caller's role does not allow the operation, or nobody may run it yet. */
    public static TightropeException forbidden(OperationType type, String operation, Role role) {
        String kind = type.name().toLowerCase();
        Set<Role> allowed = AccessPolicy.allowedRoles(type, operation).orElse(Set.of());
        if (type == OperationType.HTTP) {
            String who = allowed.stream().sorted(java.util.Comparator.comparing((Role r) -> r != Role.RUNTIME))
                    .map(Role::name).collect(Collectors.joining(" or "));
            return new TightropeException(ErrorCode.FORBIDDEN, "Role " + role + " may not call " + operation
                    + (who.isEmpty() ? " (no access rule yet, so nobody may)." : "; it needs a " + who + " token."),
                    Map.of("role", role.name()));
        }
        if (allowed.isEmpty()) {
            return new TightropeException(ErrorCode.FORBIDDEN, "The " + kind + " '" + operation
                    + "' has no access rule yet, so nobody may run it.", Map.of("role", role.name()));
        }
        String who = allowed.stream().map(r -> r == Role.RUNTIME || r == Role.ADMIN ? r.name() : r.name() + "+")
                .collect(Collectors.joining(", "));
        return new TightropeException(ErrorCode.FORBIDDEN, "Role " + role + " may not run the " + kind + " '"
                + operation + "' (allowed: " + who + ").", Map.of("role", role.name()));
    }

    /**
     * The caller's token is limited to other agents or environments. {@code agent} or {@code environment} null: the
     * operation is about every agent (environment), which a limited token may not run.
     */
    public static TightropeException outOfScope(Caller caller, String operation, String agent, String environment) {
        TokenScope scope = caller.scope();
        String target = agent == null && environment == null ? "every agent and environment"
                : (agent == null ? "every agent" : agent) + "/" + (environment == null ? "every environment"
                        : environment);
        return new TightropeException(ErrorCode.FORBIDDEN, "The API token '" + caller.tokenName() + "' is limited "
                + "to " + scope.describe() + "; " + operation + " on " + target + " is outside that scope.",
                scopeDetails(caller.role(), scope));
    }

    /** An argument that only an ADMIN may pass ({@link AccessPolicy#OVERRIDE_FREEZE}). */
    public static TightropeException adminArgument(String argument, String operation, Role role) {
        return new TightropeException(ErrorCode.FORBIDDEN, "Only an ADMIN may pass " + argument + " (to " + operation
                + "); role " + role + " may run " + operation + " without it.", Map.of("role", role.name()));
    }

    /** A new token would get more than its creator has. */
    public static TightropeException scopeTooWide(TokenScope requested, TokenScope creator) {
        return new TightropeException(ErrorCode.FORBIDDEN, "A token limited to " + creator.describe()
                + " cannot create one for " + requested.describe() + ": name only agents and environments within "
                + "your own scope.", Map.of("agents", creator.agents(), "environments", creator.environments()));
    }

    /** {@code role}, and the scope's {@code agents} and {@code environments} (empty lists: every). */
    public static Map<String, Object> scopeDetails(Role role, TokenScope scope) {
        return Map.of("role", role.name(), "agents", scope.agents(), "environments", scope.environments());
    }

    /** What the last active ADMIN token's revocation would do: nobody could administer Tightrope any more. */
    public static TightropeException lastAdmin(ApiToken token) {
        return TightropeException.conflict("'" + token.name() + "' is the last ADMIN token for every agent and "
                + "environment that lasts another day; create another such ADMIN token (no scope, no expiry within a "
                + "day) before revoking it.");
    }

    private static TightropeException unauthenticated(String message) {
        return new TightropeException(ErrorCode.UNAUTHENTICATED, message);
    }
}
