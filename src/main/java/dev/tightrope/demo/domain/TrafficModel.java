package dev.tightrope.demo.domain;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The synthetic traffic of the demo: what a request served by a given version looks like, drawn from that version's
 * {@link VersionProfile}. Pure: every draw comes from the random generator passed in, so a seeded generator gives
 * the same traffic every time.
 */
public final class TrafficModel {

    private final Map<Integer, VersionProfile> profiles;
    private final VersionProfile otherwise;

    /**
     * @param profiles  the profile of each version the demo knows
     * @param otherwise the profile of every other version (one a person created by hand)
     */
    public TrafficModel(Map<Integer, VersionProfile> profiles, VersionProfile otherwise) {
        this.profiles = Map.copyOf(profiles);
        this.otherwise = otherwise;
    }

    public VersionProfile profile(int version) {
        return profiles.getOrDefault(version, otherwise);
    }

    /** One request served by {@code version}. */
    public SyntheticOutcome draw(int version, RandomGenerator random) {
        VersionProfile profile = profile(version);
        boolean error = random.nextDouble() < profile.errorRate();
        Boolean completed = error ? null : random.nextDouble() < profile.completionRate();
        long latency = Math.max(1, Math.round(profile.latencyMedianMs()
                * Math.exp(profile.latencySigma() * random.nextGaussian())));
        double spread = Math.exp(0.15 * random.nextGaussian());
        int input = (int) Math.round(profile.inputTokens() * spread);
        int output = (int) Math.round(profile.outputTokens() * spread);
        double cost = Math.round(profile.costUsd() * spread * 1_000_000) / 1_000_000.0;
        return new SyntheticOutcome(error, completed, latency, cost, input, output);
    }
}
