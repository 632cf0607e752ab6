package dev.tightrope.slack.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficChangeType;

/**
 * Recognises a {@code /tightrope rollback} that repeats one just made. In an incident several people type the
 * same command within seconds; each names no version, so each would roll back one step further, and the second
 * one takes the stable version back to a version nobody chose. A rollback command that names no version is
 * therefore refused when the deployment's last traffic change is a rollback made within a short window; a command
 * that names its version ({@code to <n>}) says exactly what it wants and is not refused.
 *
 * <p>Example, window 60 s: version 3 is stable and version 4 a canary. Alice's rollback at 10:00:00 ends the canary
 * (4 → 3). Bob's rollback at 10:00:05 finds that rollback 5 s old and does nothing; without this check it would have
 * rolled back the healthy version 3 to 2. At 10:01:10, or after any deploy, rollout or promote in between, a rollback
 * acts again. Changes of tool gates (circuit breakers) are not traffic decisions of people and are looked through.
 */
public final class RepeatedRollbacks {

    private RepeatedRollbacks() {
    }

    /**
     * The rollback {@code newestFirst} starts with (tool-gate changes aside) when it was committed within
     * {@code window} before {@code now}; {@code null} when there is none, and always for a window of zero.
     */
    public static DeploymentEvent recent(List<DeploymentEvent> newestFirst, Instant now, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return null;
        }
        for (DeploymentEvent event : newestFirst) {
            if (toolGate(event.type())) {
                continue;
            }
            boolean recent = event.committedAt() != null && !event.committedAt().isBefore(now.minus(window));
            return event.type() == TrafficChangeType.ROLLED_BACK && recent ? event : null;
        }
        return null;
    }

    private static boolean toolGate(TrafficChangeType type) {
        return type == TrafficChangeType.TOOL_DISABLED || type == TrafficChangeType.TOOL_HALF_OPENED
                || type == TrafficChangeType.TOOL_ENABLED;
    }
}
