package dev.tightrope.release.domain;

import java.util.random.RandomGenerator;

/**
 * How one deployment splits traffic right now: the stable version, and while a rollout runs, a canary at a weight.
 * Decides the arm of one request without any I/O; this is the hot path of {@code route()}.
 *
 * @param canaryVersion {@code null} when no rollout is active (everything goes to stable)
 */
public record TrafficSplit(int stableVersion, Integer canaryVersion, int weight, String salt, Long rolloutId) {

    public static TrafficSplit of(DeploymentState state) {
        if (state.stableVersion() == null) {
            throw new IllegalArgumentException("nothing deployed");
        }
        if (!state.hasActiveRollout()) {
            return new TrafficSplit(state.stableVersion(), null, 0, null, null);
        }
        Rollout rollout = state.rollout();
        return new TrafficSplit(state.stableVersion(), rollout.canaryVersion(), rollout.weight(), rollout.salt(),
                rollout.id());
    }

    /**
     * The arm for a request: sticky by routing key (see {@link Bucketing}), random by weight without one.
     */
    public Arm arm(String routingKey, RandomGenerator random) {
        if (canaryVersion == null || weight == 0) {
            return Arm.STABLE;
        }
        if (routingKey == null || routingKey.isEmpty()) {
            return Bucketing.randomArm(weight, random);
        }
        return Bucketing.arm(salt, routingKey, weight);
    }

    public int versionOf(Arm arm) {
        return arm == Arm.CANARY ? canaryVersion : stableVersion;
    }
}
