package dev.tightrope.slack.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;

class RepeatedRollbacksTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:30Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private static DeploymentEvent event(long generation, TrafficChangeType type, Instant committed) {
        return new DeploymentEvent(generation, "support-bot", "production", generation, type, Trigger.SLACK, 4, 3,
                null, null, null, "slack:U1 (alice)", "", committed, committed, null);
    }

    @Test
    void aRollbackWithinTheWindowIsRepeatedAndOneOutsideItIsNot() {
        DeploymentEvent rollback = event(7, TrafficChangeType.ROLLED_BACK, NOW.minusSeconds(5));
        assertThat(RepeatedRollbacks.recent(List.of(rollback), NOW, WINDOW)).isSameAs(rollback);
        assertThat(RepeatedRollbacks.recent(List.of(event(7, TrafficChangeType.ROLLED_BACK, NOW.minusSeconds(60))),
                NOW, WINDOW)).as("exactly at the window's edge").isNotNull();
        assertThat(RepeatedRollbacks.recent(List.of(event(7, TrafficChangeType.ROLLED_BACK, NOW.minusSeconds(61))),
                NOW, WINDOW)).isNull();
        assertThat(RepeatedRollbacks.recent(List.of(rollback), NOW, Duration.ZERO)).as("0 turns it off").isNull();
        assertThat(RepeatedRollbacks.recent(List.of(), NOW, WINDOW)).isNull();
    }

    @Test
    void aChangeOfPeopleAfterTheRollbackEndsItButAToolGateDoesNot() {
        DeploymentEvent rollback = event(7, TrafficChangeType.ROLLED_BACK, NOW.minusSeconds(20));
        DeploymentEvent breaker = event(8, TrafficChangeType.TOOL_DISABLED, NOW.minusSeconds(10));
        DeploymentEvent deployed = event(8, TrafficChangeType.DEPLOYED, NOW.minusSeconds(10));
        assertThat(RepeatedRollbacks.recent(List.of(breaker, rollback), NOW, WINDOW)).isSameAs(rollback);
        assertThat(RepeatedRollbacks.recent(List.of(deployed, rollback), NOW, WINDOW)).isNull();
        assertThat(RepeatedRollbacks.recent(List.of(event(9, TrafficChangeType.PROMOTED, NOW)), NOW, WINDOW)).isNull();
    }
}
