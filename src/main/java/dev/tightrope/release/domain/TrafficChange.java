package dev.tightrope.release.domain;

/**
 * The outcome of an allowed traffic command: the new state and what the DeploymentEvent records.
 *
 * @param fromVersion the version losing traffic (or the old stable), {@code null} on a first deploy
 * @param toVersion   the version gaining traffic (or the new stable)
 */
public record TrafficChange(TrafficChangeType type, DeploymentState before, DeploymentState after,
        Integer fromVersion, Integer toVersion, Integer weightBefore, Integer weightAfter) {
}
