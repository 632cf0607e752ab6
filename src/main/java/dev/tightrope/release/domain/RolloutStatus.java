package dev.tightrope.release.domain;

import org.eclipse.microprofile.graphql.Description;

/** Lifecycle of a rollout: RUNNING ⇄ PAUSED, then PROMOTED or ROLLED_BACK for good. */
@Description("Lifecycle of a rollout: RUNNING and PAUSED, then PROMOTED or ROLLED_BACK for good.")
public enum RolloutStatus {
    @Description("The canary receives its weight of traffic.")
    RUNNING,
    @Description("The canary keeps its weight, but nothing advances it until resumeRollout.")
    PAUSED,
    @Description("The canary became the stable version.")
    PROMOTED,
    @Description("All traffic went back to the stable version.")
    ROLLED_BACK;

    /** Whether the canary still receives traffic. */
    public boolean active() {
        return this == RUNNING || this == PAUSED;
    }
}
