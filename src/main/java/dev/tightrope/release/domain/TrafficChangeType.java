package dev.tightrope.release.domain;

/** The kinds of traffic change, one per mutation; each is recorded as a DeploymentEvent. */
public enum TrafficChangeType {
    DEPLOYED, ROLLOUT_STARTED, ROLLOUT_ADVANCED, ROLLOUT_PAUSED, ROLLOUT_RESUMED, PROMOTED, ROLLED_BACK,
    /** A tool's circuit breaker opened: no request may use the tool. */
    TOOL_DISABLED,
    /** A tool's circuit breaker is half-open: a share of routing keys may use the tool again. */
    TOOL_HALF_OPENED,
    /** A tool's circuit breaker closed: every request may use the tool again. */
    TOOL_ENABLED
}
