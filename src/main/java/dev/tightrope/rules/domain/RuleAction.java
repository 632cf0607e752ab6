package dev.tightrope.rules.domain;

import org.eclipse.microprofile.graphql.Description;

/** What a rule does when it fires. Every firing also raises an alert. */
@Description("What a rule does when it fires; every firing also raises an alert.")
public enum RuleAction {
    /** Only the alert. */
    @Description("Only the alert.")
    ALERT,
    /** Pauses the running rollout (nothing else when there is none). */
    @Description("Pauses the running rollout (nothing when there is none).")
    PAUSE,
    /** Rolls the deployment back to its previous known-good version. */
    @Description("Rolls the deployment back to its previous known-good version.")
    ROLLBACK,
    /** Opens the tool's circuit breaker: runtimes are told not to use it. */
    @Description("Opens the tool's circuit breaker: route() lists the tool in disabledTools.")
    DISABLE_TOOL,
    /** Deploys a declared fallback version of the same agent ({@code fallback TO VERSION 12}). */
    @Description("Switches the deployment to the declared version of the same agent (fallback TO VERSION n).")
    FALLBACK
}
