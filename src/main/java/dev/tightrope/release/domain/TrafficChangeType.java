package dev.tightrope.release.domain;

import org.eclipse.microprofile.graphql.Description;

/** The kinds of traffic change, one per mutation; each is recorded as a DeploymentEvent. */
@Description("The kinds of traffic change; each is recorded as a DeploymentEvent.")
public enum TrafficChangeType {
    @Description("A version became stable at 100 % (deploy).")
    DEPLOYED,
    @Description("A canary started (startRollout).")
    ROLLOUT_STARTED,
    @Description("The canary's weight changed (advanceRollout, or the judge moving to the next step).")
    ROLLOUT_ADVANCED,
    @Description("The rollout was frozen at its weight (pauseRollout, or the judge holding it).")
    ROLLOUT_PAUSED,
    @Description("A paused rollout went on (resumeRollout).")
    ROLLOUT_RESUMED,
    @Description("The canary became the stable version (promote).")
    PROMOTED,
    @Description("Traffic went back to stable, or to the previous known-good version (rollback).")
    ROLLED_BACK,
    @Description("A tool's circuit breaker opened: no request may use the tool (trigger CIRCUIT_BREAKER).")
    TOOL_DISABLED,
    @Description("A tool's circuit breaker is half-open: a share of routing keys may use the tool again.")
    TOOL_HALF_OPENED,
    @Description("A tool's circuit breaker closed: every request may use the tool again.")
    TOOL_ENABLED
}
