package dev.tightrope.release.domain;

import java.util.List;
import java.util.Map;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/**
 * The deployment state machine: which traffic commands are allowed in which state, and what they change. Pure; the
 * caller loads the state under a row lock, applies the command, and stores the result with its event.
 *
 * <pre>
 *               deploy(v)                        startRollout(c, w)
 *   (no stable) ─────────► stable v at 100 % ──────────────────────► stable v + canary c at w %
 *                            ▲   │ deploy / rollback                 │ advance(w') · pause ⇄ resume
 *                            │   ▼                                   │
 *                            └── promote (c becomes stable) ◄────────┤
 *                                rollback (back to v, c dropped) ◄───┘
 * </pre>
 *
 * Every allowed command increases the generation by exactly one; a refused one changes nothing.
 */
public final class TrafficTransitions {

    private TrafficTransitions() {
    }

    /**
     * @param expectedGeneration if given, the command only applies when it equals the current generation
     * @throws TightropeException CONFLICT on a stale generation, VALIDATION when the command does not fit the state
     */
    public static TrafficChange apply(DeploymentState state, TrafficCommand command, Long expectedGeneration) {
        if (expectedGeneration != null && expectedGeneration != state.generation()) {
            throw new TightropeException(ErrorCode.CONFLICT, "The deployment is at generation " + state.generation()
                    + ", not " + expectedGeneration + " as expected; nothing was changed. Reload and decide again.",
                    Map.of("currentGeneration", state.generation()));
        }
        // Java 17: no pattern matching in switch yet, hence the instanceof chain over the sealed interface
        if (command instanceof TrafficCommand.Deploy deploy) {
            return deploy(state, deploy);
        } else if (command instanceof TrafficCommand.StartRollout start) {
            return startRollout(state, start);
        } else if (command instanceof TrafficCommand.AdvanceRollout advance) {
            return advance(state, advance);
        } else if (command instanceof TrafficCommand.Promote) {
            return promote(state);
        } else if (command instanceof TrafficCommand.PauseRollout) {
            return pause(state);
        } else if (command instanceof TrafficCommand.ResumeRollout) {
            return resume(state);
        } else if (command instanceof TrafficCommand.Rollback rollback) {
            return rollback(state, rollback);
        } else if (command instanceof TrafficCommand.GateTool gate) {
            return gate(state, gate);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private static TrafficChange deploy(DeploymentState state, TrafficCommand.Deploy deploy) {
        if (state.hasActiveRollout()) {
            throw invalid("version", "a rollout of version " + state.rollout().canaryVersion()
                    + " is in progress; promote or roll it back before deploying directly");
        }
        if (state.stableVersion() != null && state.stableVersion() == deploy.version()) {
            throw invalid("version", "version " + deploy.version() + " is already the stable version");
        }
        DeploymentState after = state.next(deploy.version(), null);
        return new TrafficChange(TrafficChangeType.DEPLOYED, state, after, state.stableVersion(), deploy.version(),
                null, null);
    }

    private static TrafficChange startRollout(DeploymentState state, TrafficCommand.StartRollout start) {
        if (start.salt() == null || start.salt().isEmpty()) {
            throw new IllegalArgumentException("a rollout needs a salt (see Bucketing.newSalt)");
        }
        checkWeight(start.weight());
        if (state.stableVersion() == null) {
            throw invalid("version", "nothing is deployed yet; deploy a stable version before starting a rollout");
        }
        if (state.hasActiveRollout()) {
            throw invalid("version", "a rollout of version " + state.rollout().canaryVersion()
                    + " is already in progress; promote or roll it back first");
        }
        if (start.version() == state.stableVersion()) {
            throw invalid("version", "version " + start.version() + " is already the stable version");
        }
        Rollout rollout = new Rollout(null, start.version(), state.stableVersion(), start.weight(), start.salt(),
                RolloutStatus.RUNNING);
        DeploymentState after = state.next(state.stableVersion(), rollout);
        return new TrafficChange(TrafficChangeType.ROLLOUT_STARTED, state, after, state.stableVersion(),
                start.version(), 0, start.weight());
    }

    private static TrafficChange advance(DeploymentState state, TrafficCommand.AdvanceRollout advance) {
        checkWeight(advance.weight());
        Rollout rollout = requireRollout(state, "advance");
        if (rollout.status() == RolloutStatus.PAUSED) {
            throw invalid("weight", "the rollout is paused; resume it before changing its weight");
        }
        if (rollout.weight() == advance.weight()) {
            throw invalid("weight", "the canary already receives " + advance.weight() + " %");
        }
        DeploymentState after = state.next(state.stableVersion(), rollout.withWeight(advance.weight()));
        return new TrafficChange(TrafficChangeType.ROLLOUT_ADVANCED, state, after, state.stableVersion(),
                rollout.canaryVersion(), rollout.weight(), advance.weight());
    }

    private static TrafficChange promote(DeploymentState state) {
        Rollout rollout = requireRollout(state, "promote");
        DeploymentState after = state.next(rollout.canaryVersion(), null);
        return new TrafficChange(TrafficChangeType.PROMOTED, state, after, state.stableVersion(),
                rollout.canaryVersion(), rollout.weight(), 100);
    }

    private static TrafficChange pause(DeploymentState state) {
        Rollout rollout = requireRollout(state, "pause");
        if (rollout.status() == RolloutStatus.PAUSED) {
            throw invalid("", "the rollout is already paused");
        }
        DeploymentState after = state.next(state.stableVersion(), rollout.withStatus(RolloutStatus.PAUSED));
        return new TrafficChange(TrafficChangeType.ROLLOUT_PAUSED, state, after, state.stableVersion(),
                rollout.canaryVersion(), rollout.weight(), rollout.weight());
    }

    private static TrafficChange resume(DeploymentState state) {
        Rollout rollout = requireRollout(state, "resume");
        if (rollout.status() == RolloutStatus.RUNNING) {
            throw invalid("", "the rollout is not paused");
        }
        DeploymentState after = state.next(state.stableVersion(), rollout.withStatus(RolloutStatus.RUNNING));
        return new TrafficChange(TrafficChangeType.ROLLOUT_RESUMED, state, after, state.stableVersion(),
                rollout.canaryVersion(), rollout.weight(), rollout.weight());
    }

    private static TrafficChange rollback(DeploymentState state, TrafficCommand.Rollback rollback) {
        if (state.stableVersion() == null) {
            throw invalid("", "nothing is deployed yet; there is nothing to roll back");
        }
        if (state.hasActiveRollout()) {
            Rollout rollout = state.rollout();
            if (rollback.toVersion() != null && rollback.toVersion().intValue() != state.stableVersion()) {
                throw invalid("toVersion", "a rollout of version " + rollout.canaryVersion() + " is in progress: "
                        + "rolling back returns all traffic to the stable version " + state.stableVersion()
                        + "; name no version, or " + state.stableVersion());
            }
            DeploymentState after = state.next(state.stableVersion(), null);
            return new TrafficChange(TrafficChangeType.ROLLED_BACK, state, after, rollout.canaryVersion(),
                    state.stableVersion(), rollout.weight(), 0);
        }
        Integer target = rollback.toVersion() != null ? rollback.toVersion() : rollback.previousStable();
        if (target == null) {
            throw invalid("toVersion", "version " + state.stableVersion() + " is the first stable version of this "
                    + "deployment; there is no earlier version to roll back to");
        }
        if (target.intValue() == state.stableVersion()) {
            throw invalid("toVersion", "version " + target + " is already the stable version");
        }
        DeploymentState after = state.next(target, null);
        return new TrafficChange(TrafficChangeType.ROLLED_BACK, state, after, state.stableVersion(), target,
                null, null);
    }

    /**
     * A tool's circuit breaker changes: OPEN, HALF_OPEN (with a share of keys) or closed (no gate). Traffic between
     * versions does not change; every runtime learns of it with the new generation.
     */
    private static TrafficChange gate(DeploymentState state, TrafficCommand.GateTool gate) {
        if (state.stableVersion() == null) {
            throw invalid("tool", "nothing is deployed yet; there is no traffic whose tools could be gated");
        }
        ToolGate current = state.toolGates().get(gate.tool());
        ToolGate next = gate.state() == null ? null : new ToolGate(gate.state(), gate.share(), gate.since(),
                gate.reason());
        if (current == null && next == null) {
            throw invalid("tool", "the breaker of " + gate.tool() + " is already closed");
        }
        if (current != null && next != null && current.state() == next.state() && current.share() == next.share()) {
            throw invalid("tool", "the breaker of " + gate.tool() + " is already " + current.state());
        }
        TrafficChangeType type = next == null ? TrafficChangeType.TOOL_ENABLED
                : next.state() == ToolGate.State.OPEN ? TrafficChangeType.TOOL_DISABLED
                        : TrafficChangeType.TOOL_HALF_OPENED;
        Integer weight = state.hasActiveRollout() ? state.rollout().weight() : null;
        return new TrafficChange(type, state, state.nextWithGate(gate.tool(), next), state.stableVersion(),
                state.stableVersion(), weight, weight);
    }

    private static Rollout requireRollout(DeploymentState state, String action) {
        if (!state.hasActiveRollout()) {
            throw invalid("", "no rollout is in progress; there is nothing to " + action);
        }
        return state.rollout();
    }

    private static void checkWeight(int weight) {
        String problem = weightProblem(weight);
        if (problem != null) {
            throw invalid("weight", problem);
        }
    }

    /** Why a rollout cannot take this weight, or null when it can: what a change request checks when it is asked. */
    public static String weightProblem(int weight) {
        return weight < 0 || weight > 100 ? "must be between 0 and 100 (percent of traffic), got " + weight : null;
    }

    private static TightropeException invalid(String path, String message) {
        return TightropeException.invalid(List.of(new Violation(path, message)));
    }
}
