package dev.tightrope.release.domain;

/** Lifecycle of a rollout: RUNNING ⇄ PAUSED, then PROMOTED or ROLLED_BACK for good. */
public enum RolloutStatus {
    RUNNING, PAUSED, PROMOTED, ROLLED_BACK;

    /** Whether the canary still receives traffic. */
    public boolean active() {
        return this == RUNNING || this == PAUSED;
    }
}
