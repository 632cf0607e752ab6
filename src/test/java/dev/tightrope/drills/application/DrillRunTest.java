package dev.tightrope.drills.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tightrope.drills.domain.DrillMode;

/** A drill's failure reason says every step that went wrong, the first one first. */
class DrillRunTest {

    @Test
    void aRollForwardThatDidNotHappenIsNotHiddenBehindTheRollbacksTimeout() {
        DrillRun run = new DrillRun("bot", "production", DrillMode.LIVE, "token:ops", null, Instant.EPOCH);
        run.fail("1 of 1 runtimes did not acknowledge the rollback before its propagation timed out");
        run.fail("The deployment changed during the drill (after its rollback to version 1): not rolled forward, "
                + "left as it is now");
        run.fail("1 of 1 runtimes did not acknowledge the rollback before its propagation timed out");
        assertThat(run.failure).isEqualTo("1 of 1 runtimes did not acknowledge the rollback before its propagation "
                + "timed out; then: The deployment changed during the drill (after its rollback to version 1): not "
                + "rolled forward, left as it is now");
    }
}
