package dev.tightrope.governance.domain;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;

/** The refusals of protected environments and release freezes, worded for the person who meets them. */
public final class GovernanceErrors {

    private GovernanceErrors() {
    }

    /** FROZEN, with the window's end ({@code frozenUntil}), its reason and the freeze's id. */
    public static TightropeException frozen(String operation, String agent, String environment,
            Freeze.Holding holding, boolean automated) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("frozenUntil", holding.until().toString());
        details.put("reason", holding.freeze().reason());
        details.put("freezeId", Long.toString(holding.freeze().id()));
        String what = automated ? "The rollout's automatic step (" + operation + ") waits"
                : operation + " is refused";
        return new TightropeException(ErrorCode.FROZEN, environment + " is frozen for " + agent + " until "
                + holding.until() + " (" + holding.freeze().reason() + "): " + what + " until then. Rollbacks and "
                + "pauses still work" + (automated ? "." : "; an ADMIN can act anyway with overrideFreeze: \"why\"."),
                details);
    }

    /** APPROVAL_REQUIRED: how to ask for the change instead. */
    public static TightropeException approvalRequired(String operation, String agent, String environment) {
        return new TightropeException(ErrorCode.APPROVAL_REQUIRED, environment + " is a protected environment for "
                + agent + ": " + operation + " by a person needs the approval of a second person. Ask for it with "
                + "requestChange(operation: " + ChangeOperationNames.of(operation) + ", agent: \"" + agent
                + "\", environment: \"" + environment + "\", …); nothing was changed.",
                Map.of("agent", agent, "environment", environment, "operation", operation));
    }

    /** FROZEN for a fallback rule's switch to a version that was never live in the environment. */
    public static TightropeException fallbackFrozen(String agent, String environment, int version,
            Freeze.Holding holding) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("frozenUntil", holding.until().toString());
        details.put("reason", holding.freeze().reason());
        details.put("freezeId", Long.toString(holding.freeze().id()));
        details.put("version", version);
        return new TightropeException(ErrorCode.FROZEN, environment + " is frozen for " + agent + " until "
                + holding.until() + " (" + holding.freeze().reason() + "): the fallback to version " + version
                + ", which was never live there, would be a release; it is held and the rule rolls back instead.",
                details);
    }

    /** APPROVAL_REQUIRED for a fallback rule's switch to a version that was never live in the environment. */
    public static TightropeException fallbackNeedsApproval(String agent, String environment, int version) {
        return new TightropeException(ErrorCode.APPROVAL_REQUIRED, environment + " is a protected environment for "
                + agent + ": the fallback to version " + version + ", which was never live there, would be a "
                + "release nobody approved; it is held and the rule rolls back instead. Release version " + version
                + " there once (with requestChange) to make it a way back.",
                Map.of("agent", agent, "environment", environment, "operation", "rollback", "version", version));
    }

    /** SOAK_REQUIRED: what is missing, e.g. "version 14 has been stable in staging for 3 h of the required 24 h". */
    public static TightropeException soakRequired(String agent, String environment, Soak.Result result) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", result.version());
        details.put("soakEnvironment", result.environment());
        details.put("requiredSeconds", result.required().toSeconds());
        details.put("stableSeconds", result.stableFor().toSeconds());
        details.put("rolledBack", result.rolledBack());
        return new TightropeException(ErrorCode.SOAK_REQUIRED, "Not yet in " + environment + " for " + agent + ": "
                + result.explanation() + ". Nothing was changed.", details);
    }

    /** The mutation names, as the ChangeOperation value to request them with. */
    static final class ChangeOperationNames {
        private ChangeOperationNames() {
        }

        static String of(String mutation) {
            for (ChangeOperation operation : ChangeOperation.values()) {
                if (operation.mutation().equals(mutation)) {
                    return operation.name();
                }
            }
            return mutation;
        }
    }
}
