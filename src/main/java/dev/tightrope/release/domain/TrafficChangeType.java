package dev.tightrope.release.domain;

/** The kinds of traffic change, one per mutation; each is recorded as a DeploymentEvent. */
public enum TrafficChangeType {
    DEPLOYED, ROLLOUT_STARTED, ROLLOUT_ADVANCED, ROLLOUT_PAUSED, ROLLOUT_RESUMED, PROMOTED, ROLLED_BACK
}
