package dev.tightrope.release.domain;

/**
 * Where the traffic of one deployment (agent × environment) goes.
 *
 * @param stableVersion version that gets all traffic not sent to a canary; {@code null} before the first deploy
 * @param generation    increases by exactly one on every traffic change; 0 before the first
 * @param rollout       the running or paused rollout, or {@code null}
 */
public record DeploymentState(Integer stableVersion, long generation, Rollout rollout) {

    /** A deployment that has never been deployed. */
    public static final DeploymentState NEW = new DeploymentState(null, 0, null);

    public boolean hasActiveRollout() {
        return rollout != null && rollout.status().active();
    }
}
