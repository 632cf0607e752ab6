package dev.tightrope.release.domain;

/** A requested traffic change; {@link TrafficTransitions#apply} decides whether it is allowed and what it does. */
public sealed interface TrafficCommand {

    /** Make {@code version} stable at 100 % (no rollout may be running). */
    record Deploy(int version) implements TrafficCommand {
    }

    /** Send {@code weight} percent to {@code version} as a canary next to the stable version. */
    record StartRollout(int version, int weight, String salt) implements TrafficCommand {
    }

    /** Set the canary's weight. */
    record AdvanceRollout(int weight) implements TrafficCommand {
    }

    /** The canary becomes the stable version at 100 %; the rollout ends as PROMOTED. */
    record Promote() implements TrafficCommand {
    }

    /** Freeze the rollout at its weight (automatic steps stop until it is resumed). */
    record PauseRollout() implements TrafficCommand {
    }

    record ResumeRollout() implements TrafficCommand {
    }

    /**
     * With a running canary: 100 % back to stable, the rollout ends as ROLLED_BACK. Without one: {@code toVersion},
     * or the version that was stable before the current one (see {@link RollbackTarget}), becomes stable again.
     *
     * @param previousStable what {@link RollbackTarget#previousStable} found in the history, or {@code null}
     */
    record Rollback(Integer toVersion, Integer previousStable) implements TrafficCommand {
    }

    /**
     * Sets a tool's circuit breaker on the deployment: {@code state} OPEN (share 0) or HALF_OPEN (share 1 to 99
     * percent of routing keys), or null to close it.
     *
     * @param since  when the breaker enters the state (the decision's time)
     * @param reason why, for the gate and its event
     */
    record GateTool(String tool, ToolGate.State state, int share, java.time.Instant since, String reason)
            implements TrafficCommand {
    }

    /** Name used in messages and as the idempotency scope, e.g. {@code startRollout}. */
    default String operation() {
        String name = getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
