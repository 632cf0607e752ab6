package dev.tightrope.demo.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The story the demo tells, over and over: the good version serves all traffic, the regressed version is rolled out
 * as a canary, the judge (or a rule) rolls it back, a pause, and the next round. This class only decides; the
 * driver looks at the deployment through the API, asks {@link #next} what to do, does it through the API, and
 * reports a started rollout with {@link #rolloutStarted}.
 *
 * <pre>
 *   STARTING ──v1 stable──▶ WARMING_UP ──warm-up over──▶ (start rollout) ──▶ ROLLING_OUT
 *      ▲                                                                        │ the rollout ended (rolled back,
 *      │ (anything else stable: deploy v1 first)                                │ promoted, by anyone)
 *      │                                                                        ▼
 *      └──────────────────────── BETWEEN_ROUNDS ◀──────────────────────── (pause) ──▶ start the next rollout
 * </pre>
 *
 * A rollout someone else started on the deployment is followed like the demo's own; a paused one is waited for.
 */
public final class DemoStory {

    /**
     * The deployment as the demo saw it.
     *
     * @param stableVersion null when nothing is deployed
     * @param rollout       the running (or paused) rollout, null when none
     * @param lastEnd       how the most recent rollout ended, null when none is in the history read
     */
    public record Seen(Integer stableVersion, RolloutSeen rollout, RolloutEnd lastEnd) {
    }

    /** A rollout that has not ended. */
    public record RolloutSeen(String id, int canaryVersion, int weight, boolean paused) {
    }

    /** How a rollout ended: ROLLED_BACK or PROMOTED, by which trigger and actor, when and why. */
    public record RolloutEnd(String rolloutId, String type, String trigger, String actor, Instant at, String reason) {
    }

    /** What the driver should do now. */
    public sealed interface Step {
    }

    /** Nothing, look again later. */
    public record Wait() implements Step {
    }

    /** Make {@code version} stable (before a round, when something else is). */
    public record Deploy(int version, String reason) implements Step {
    }

    /** Start the round's rollout of {@code version}. */
    public record StartRollout(int version, String reason) implements Step {
    }

    /** The story's state, for the dashboard's banner. */
    public record Snapshot(DemoPhase phase, int rounds, RolloutSeen rollout, RolloutEnd lastEnd, Instant nextRolloutAt) {
    }

    private static final Wait WAIT = new Wait();

    private final int goodVersion;
    private final int regressedVersion;
    private final Duration warmUp;
    private final Duration pause;

    private DemoPhase phase = DemoPhase.STARTING;
    private int rounds;
    private String rolloutId;
    private RolloutSeen rollout;
    private RolloutEnd lastEnd;
    private Instant nextRolloutAt;

    public DemoStory(int goodVersion, int regressedVersion, Duration warmUp, Duration pause) {
        this.goodVersion = goodVersion;
        this.regressedVersion = regressedVersion;
        this.warmUp = Objects.requireNonNull(warmUp);
        this.pause = Objects.requireNonNull(pause);
    }

    /** What to do, given the deployment as just seen. */
    public synchronized Step next(Instant now, Seen seen) {
        if (seen.rollout() != null) {
            if (phase != DemoPhase.ROLLING_OUT || !seen.rollout().id().equals(rolloutId)) {
                follow(seen.rollout().id());
            }
            rollout = seen.rollout();
            return WAIT;
        }
        if (phase == DemoPhase.ROLLING_OUT) {
            RolloutEnd end = seen.lastEnd();
            lastEnd = end != null && end.rolloutId() != null && end.rolloutId().equals(rolloutId) ? end : null;
            rollout = null;
            phase = DemoPhase.BETWEEN_ROUNDS;
            nextRolloutAt = now.plus(pause);
            return WAIT;
        }
        if (seen.stableVersion() == null || seen.stableVersion() != goodVersion) {
            return new Deploy(goodVersion, "demo: v" + goodVersion + " serves all traffic before the next round");
        }
        if (phase == DemoPhase.STARTING) {
            phase = DemoPhase.WARMING_UP;
            nextRolloutAt = now.plus(warmUp);
            return WAIT;
        }
        if (now.isBefore(nextRolloutAt)) {
            return WAIT;
        }
        return new StartRollout(regressedVersion, "demo: round " + (rounds + 1) + ", v" + regressedVersion
                + " as a canary; the judge compares it with v" + goodVersion);
    }

    /** The driver started the rollout {@link #next} asked for: its id, canary version and first weight. */
    public synchronized void rolloutStarted(RolloutSeen started) {
        follow(started.id());
        rollout = started;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(phase, rounds, rollout, lastEnd,
                phase == DemoPhase.WARMING_UP || phase == DemoPhase.BETWEEN_ROUNDS ? nextRolloutAt : null);
    }

    private void follow(String id) {
        phase = DemoPhase.ROLLING_OUT;
        rolloutId = id;
        rounds++;
    }
}
