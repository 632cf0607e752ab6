package dev.tightrope.demo.domain;

import java.util.random.RandomGenerator;

/**
 * The part of a deployment's routing configuration (docs/runtime-api.md, {@code GET …/config}) that the demo's
 * runtime routes by.
 *
 * @param canaryVersion null without a canary
 * @param salt          null without a canary
 * @param rolloutId     null without a rollout
 */
public record RoutingConfig(long generation, int stableVersion, Integer canaryVersion, int weight, String salt,
        String rolloutId) {

    /** Where one request goes. */
    public record Routed(int version, LocalRouting.Arm arm) {
    }

    /** The version and arm of a request with this routing key (null or empty: none). */
    public Routed route(String routingKey, RandomGenerator random) {
        LocalRouting.Arm arm = LocalRouting.arm(canaryVersion != null, weight, salt, routingKey, random);
        return new Routed(arm == LocalRouting.Arm.CANARY ? canaryVersion : stableVersion, arm);
    }
}
