package dev.tightrope.release.application;

import java.time.Instant;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.TrafficSplit;

/**
 * Everything {@code route()} needs for one deployment, held in memory: the split and the full configuration of
 * each version that receives traffic. Immutable; a change replaces the whole table (one volatile swap), so a request
 * never sees half of a rollback.
 *
 * @param canary {@code null} when no rollout is active
 * @param loadedAt when this table was read from the database
 */
public record RoutingTable(long deploymentId, String agent, String environment, long generation, TrafficSplit split,
        VersionConfig stable, VersionConfig canary, Instant loadedAt) {

    public VersionConfig config(Arm arm) {
        return arm == Arm.CANARY ? canary : stable;
    }
}
