package dev.tightrope.release.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.ToolGate;
import dev.tightrope.release.domain.TrafficSplit;

/**
 * Everything {@code route()} needs for one deployment, held in memory: the split, the full configuration of each
 * version that receives traffic, and the tools whose circuit breaker is not closed. Immutable; a change replaces the
 * whole table (one volatile swap), so a request never sees half of a rollback.
 *
 * @param canary    {@code null} when no rollout is active
 * @param toolGates the open and half-open breakers by tool (see {@link ToolGate})
 * @param loadedAt  when this table was read from the database
 */
public record RoutingTable(long deploymentId, String agent, String environment, long generation, TrafficSplit split,
        VersionConfig stable, VersionConfig canary, SortedMap<String, ToolGate> toolGates, Instant loadedAt) {

    public VersionConfig config(Arm arm) {
        return arm == Arm.CANARY ? canary : stable;
    }

    /** The tools a request with this routing key must not use: open breakers, and half-open ones it is not let in. */
    public List<String> disabledTools(String routingKey) {
        if (toolGates.isEmpty()) {
            return List.of();
        }
        List<String> disabled = new ArrayList<>(toolGates.size());
        toolGates.forEach((tool, gate) -> {
            if (!gate.admits(tool, routingKey)) {
                disabled.add(tool);
            }
        });
        return List.copyOf(disabled);
    }
}
