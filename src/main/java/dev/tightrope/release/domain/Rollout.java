package dev.tightrope.release.domain;

/**
 * A canary rollout: {@code weight} percent of traffic goes to {@code canaryVersion}, the rest to the stable version
 * ({@code baselineVersion}, the stable version when the rollout started).
 *
 * @param id   database id, {@code null} until stored
 * @param salt mixed into the bucketing hash so every rollout shuffles routing keys anew (see {@link Bucketing})
 */
public record Rollout(Long id, int canaryVersion, int baselineVersion, int weight, String salt, RolloutStatus status) {

    public Rollout withWeight(int newWeight) {
        return new Rollout(id, canaryVersion, baselineVersion, newWeight, salt, status);
    }

    public Rollout withStatus(RolloutStatus newStatus) {
        return new Rollout(id, canaryVersion, baselineVersion, weight, salt, newStatus);
    }
}
