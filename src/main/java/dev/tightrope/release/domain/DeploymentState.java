package dev.tightrope.release.domain;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where the traffic of one deployment (agent × environment) goes.
 *
 * @param stableVersion version that gets all traffic not sent to a canary; {@code null} before the first deploy
 * @param generation    increases by exactly one on every traffic change; 0 before the first
 * @param rollout       the running or paused rollout, or {@code null}
 * @param toolGates     the tools whose circuit breaker is open or half-open, by name (sorted; empty when all are
 *                      closed); they stay across deploys, rollouts and rollbacks, as a failing tool is failing
 *                      whichever version calls it
 */
public record DeploymentState(Integer stableVersion, long generation, Rollout rollout,
        SortedMap<String, ToolGate> toolGates) {

    /** A deployment that has never been deployed. */
    public static final DeploymentState NEW = new DeploymentState(null, 0, null);

    public DeploymentState {
        toolGates = toolGates == null || toolGates.isEmpty() ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(toolGates));
    }

    /** A state with every tool's breaker closed. */
    public DeploymentState(Integer stableVersion, long generation, Rollout rollout) {
        this(stableVersion, generation, rollout, null);
    }

    public boolean hasActiveRollout() {
        return rollout != null && rollout.status().active();
    }

    /** The next generation with this stable version and rollout, and the same tool gates. */
    public DeploymentState next(Integer stable, Rollout nextRollout) {
        return new DeploymentState(stable, generation + 1, nextRollout, toolGates);
    }

    /** The next generation with one tool's gate set (null: the breaker closes). */
    public DeploymentState nextWithGate(String tool, ToolGate gate) {
        TreeMap<String, ToolGate> gates = new TreeMap<>(toolGates);
        if (gate == null) {
            gates.remove(tool);
        } else {
            gates.put(tool, gate);
        }
        return new DeploymentState(stableVersion, generation + 1, rollout, gates);
    }

    /** The same state with these gates (as read from storage). */
    public DeploymentState withGates(Map<String, ToolGate> gates) {
        return new DeploymentState(stableVersion, generation, rollout, gates == null ? null : new TreeMap<>(gates));
    }
}
