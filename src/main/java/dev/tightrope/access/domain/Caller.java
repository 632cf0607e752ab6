package dev.tightrope.access.domain;

/**
 * Who is calling, as far as access control is concerned: the API token the request was authenticated with.
 *
 * @param tokenId   the token's id (audit entries point at it)
 * @param tokenName the token's name, unique among all tokens
 * @param role      what the token may do
 * @param scope     which agents and environments it may act on ({@link TokenScope#FULL}: all)
 */
public record Caller(long tokenId, String tokenName, Role role, TokenScope scope) {

    public Caller {
        scope = scope == null ? TokenScope.FULL : scope;
    }

    /** A caller with the full scope. */
    public Caller(long tokenId, String tokenName, Role role) {
        this(tokenId, tokenName, role, TokenScope.FULL);
    }

    /** The caller as the actor of versions, traffic changes and audit entries: {@code token:<name>}. */
    public String actor() {
        return tokenActor(tokenName);
    }

    static String tokenActor(String name) {
        return "token:" + name;
    }
}
