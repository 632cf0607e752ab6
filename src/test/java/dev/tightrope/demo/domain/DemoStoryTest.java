package dev.tightrope.demo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tightrope.demo.domain.DemoStory.Deploy;
import dev.tightrope.demo.domain.DemoStory.RolloutEnd;
import dev.tightrope.demo.domain.DemoStory.RolloutSeen;
import dev.tightrope.demo.domain.DemoStory.Seen;
import dev.tightrope.demo.domain.DemoStory.StartRollout;
import dev.tightrope.demo.domain.DemoStory.Wait;

/** The demo's story, step by step, on a clock the test moves. */
class DemoStoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofSeconds(20);

    private final DemoStory story = new DemoStory(1, 2, WARM_UP, PAUSE);

    @Test
    void aFreshAgentIsDeployedWarmedUpRolledOutJudgedAndRolledOutAgain() {
        assertThat(story.next(T0, new Seen(null, null, null))).isInstanceOf(Deploy.class)
                .isEqualTo(new Deploy(1, "demo: v1 serves all traffic before the next round"));
        assertThat(story.snapshot().phase()).isEqualTo(DemoPhase.STARTING);

        assertThat(story.next(T0.plusSeconds(2), stable())).isInstanceOf(Wait.class);
        assertThat(story.snapshot().phase()).isEqualTo(DemoPhase.WARMING_UP);
        assertThat(story.snapshot().nextRolloutAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(story.next(T0.plusSeconds(11), stable())).isInstanceOf(Wait.class);

        DemoStory.Step start = story.next(T0.plusSeconds(12), stable());
        assertThat(start).isInstanceOf(StartRollout.class);
        assertThat(((StartRollout) start).version()).isEqualTo(2);
        story.rolloutStarted(new RolloutSeen("41", 2, 5, false));
        assertThat(story.snapshot().phase()).isEqualTo(DemoPhase.ROLLING_OUT);
        assertThat(story.snapshot().rounds()).isEqualTo(1);
        assertThat(story.snapshot().nextRolloutAt()).isNull();

        RolloutSeen running = new RolloutSeen("41", 2, 5, false);
        assertThat(story.next(T0.plusSeconds(14), new Seen(1, running, null))).isInstanceOf(Wait.class);
        assertThat(story.snapshot().rollout()).isEqualTo(running);
        assertThat(story.snapshot().rounds()).isEqualTo(1);

        Instant end = T0.plusSeconds(80);
        RolloutEnd judged = new RolloutEnd("41", "ROLLED_BACK", "JUDGE", "judge", end, "judge: ERROR_RATE FAIL …");
        assertThat(story.next(end.plusSeconds(1), new Seen(1, null, judged))).isInstanceOf(Wait.class);
        assertThat(story.snapshot().phase()).isEqualTo(DemoPhase.BETWEEN_ROUNDS);
        assertThat(story.snapshot().lastEnd()).isEqualTo(judged);
        assertThat(story.snapshot().rollout()).isNull();
        assertThat(story.snapshot().nextRolloutAt()).isEqualTo(end.plusSeconds(21));

        assertThat(story.next(end.plusSeconds(20), new Seen(1, null, judged))).isInstanceOf(Wait.class);
        assertThat(story.next(end.plusSeconds(21), new Seen(1, null, judged))).isInstanceOf(StartRollout.class);
        story.rolloutStarted(new RolloutSeen("42", 2, 5, false));
        assertThat(story.snapshot().rounds()).isEqualTo(2);
        assertThat(story.snapshot().lastEnd()).isEqualTo(judged);
    }

    @Test
    void aRolloutRunningAtStartIsFollowedAndAPromotedCanaryIsUndoneBeforeTheNextRound() {
        assertThat(story.next(T0, new Seen(1, new RolloutSeen("7", 2, 25, false), null))).isInstanceOf(Wait.class);
        assertThat(story.snapshot().phase()).isEqualTo(DemoPhase.ROLLING_OUT);
        assertThat(story.snapshot().rounds()).isEqualTo(1);

        RolloutEnd promoted = new RolloutEnd("7", "PROMOTED", "DASHBOARD", "token:ann", T0.plusSeconds(5), "");
        story.next(T0.plusSeconds(6), new Seen(2, null, promoted));
        assertThat(story.snapshot().lastEnd()).isEqualTo(promoted);
        assertThat(story.next(T0.plusSeconds(30), new Seen(2, null, promoted))).isInstanceOf(Deploy.class);
        assertThat(story.next(T0.plusSeconds(32), new Seen(1, null, promoted))).isInstanceOf(StartRollout.class);
    }

    @Test
    void aPausedRolloutIsWaitedForAndAnEndOfAnotherRolloutIsNotTakenForOurs() {
        story.next(T0, stable());
        story.rolloutStarted(new RolloutSeen("9", 2, 5, false));
        RolloutSeen paused = new RolloutSeen("9", 2, 5, true);
        for (int i = 1; i < 100; i++) {
            assertThat(story.next(T0.plusSeconds(i * 10L), new Seen(1, paused, null))).isInstanceOf(Wait.class);
        }
        assertThat(story.snapshot().rollout().paused()).isTrue();
        RolloutEnd older = new RolloutEnd("8", "ROLLED_BACK", "JUDGE", "judge", T0, "");
        story.next(T0.plusSeconds(1000), new Seen(1, null, older));
        assertThat(story.snapshot().phase()).isEqualTo(DemoPhase.BETWEEN_ROUNDS);
        assertThat(story.snapshot().lastEnd()).isNull();
    }

    @Test
    void aRolloutSomeoneElseStartsMeanwhileIsFollowed() {
        story.next(T0, stable());
        assertThat(story.next(T0.plusSeconds(3), new Seen(1, new RolloutSeen("5", 3, 10, false), null)))
                .isInstanceOf(Wait.class);
        assertThat(story.snapshot().phase()).isEqualTo(DemoPhase.ROLLING_OUT);
        assertThat(story.snapshot().rollout().canaryVersion()).isEqualTo(3);
    }

    private static Seen stable() {
        return new Seen(1, null, null);
    }
}
