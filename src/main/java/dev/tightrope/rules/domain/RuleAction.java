package dev.tightrope.rules.domain;

/** What a rule does when it fires. Every firing also raises an alert. */
public enum RuleAction {
    /** Only the alert. */
    ALERT,
    /** Pauses the running rollout (nothing else when there is none). */
    PAUSE,
    /** Rolls the deployment back to its previous known-good version. */
    ROLLBACK,
    /** Opens the tool's circuit breaker: runtimes are told not to use it. */
    DISABLE_TOOL,
    /** Deploys a declared fallback version of the same agent ({@code fallback TO VERSION 12}). */
    FALLBACK
}
