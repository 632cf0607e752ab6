package dev.tightrope.access.domain;

/**
 * How the first ADMIN token comes to exist, decided at every start (README, "Access control"):
 * <ol>
 * <li>A configured secret ({@code tightrope.bootstrap-admin-token}) is made an ADMIN token named
 * {@value #TOKEN_NAME} if no token has that secret yet; every instance does this at start, and the database's
 * unique secret hash makes it happen once even when instances start together.</li>
 * <li>In dev mode, with no configured secret and no token at all, a token is generated and printed once; the next
 * start finds a token and prints nothing.</li>
 * <li>In production the application refuses to start when nobody could administer it: no active ADMIN token
 * exists after step 1.</li>
 * </ol>
 * Examples:
 * <pre>
 *   plan(PRODUCTION,  configured=true,  tokens=0)  → ENSURE_CONFIGURED
 *   plan(DEVELOPMENT, configured=false, tokens=0)  → GENERATE_AND_PRINT
 *   plan(DEVELOPMENT, configured=false, tokens=3)  → NOTHING (printed at the first start already)
 *   plan(PRODUCTION,  configured=false, tokens=0)  → NOTHING, then mayStart(PRODUCTION, activeAdmins=0) → false
 * </pre>
 */
public final class Bootstrap {

    /** Name of the token made from the configured secret. */
    public static final String TOKEN_NAME = "bootstrap-admin";
    /** Name of the token generated in dev mode. */
    public static final String DEV_TOKEN_NAME = "dev-admin";
    /** The actor that creates bootstrap tokens. */
    public static final String ACTOR = "bootstrap";

    /** How the application runs. */
    public enum Mode { DEVELOPMENT, TEST, PRODUCTION }

    /** What to do at start. */
    public enum Action {
        /** Create the ADMIN token of the configured secret unless it exists. */
        ENSURE_CONFIGURED,
        /** Generate an ADMIN token and print its secret once. */
        GENERATE_AND_PRINT,
        NOTHING
    }

    private Bootstrap() {
    }

    public static Action plan(Mode mode, boolean secretConfigured, long existingTokens) {
        if (secretConfigured) {
            return Action.ENSURE_CONFIGURED;
        }
        if (mode == Mode.DEVELOPMENT && existingTokens == 0) {
            return Action.GENERATE_AND_PRINT;
        }
        return Action.NOTHING;
    }

    /** Whether the application may serve requests: in production only when an active ADMIN token exists. */
    public static boolean mayStart(Mode mode, long activeAdminTokens) {
        return mode != Mode.PRODUCTION || activeAdminTokens > 0;
    }
}
