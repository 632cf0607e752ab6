package dev.tightrope.release.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The server's notes after a person's reason (who overrode a freeze, who approved a request, why a fallback rolled
 * back instead) are what the history must keep: a reason of the longest length allowed gives way to them, the notes
 * are never cut (they were, and the override or the second approver left no trace in the history).
 */
class ReasonNotesTest {

    private static final String NOTE = "[freeze 7 overridden by token:alice: the incident]";

    @Test
    void aLongReasonGivesWayToTheNoteWhichIsKeptWhole() {
        String reason = "x".repeat(TrafficService.MAX_REASON_LENGTH);
        String kept = TrafficService.withNote(reason, NOTE);
        assertThat(kept).hasSize(TrafficService.MAX_REASON_LENGTH).endsWith("x… " + NOTE);
        assertThat(TrafficService.withNote(reason, " — ", "promoted from staging (version 3)"))
                .hasSize(TrafficService.MAX_REASON_LENGTH).endsWith("x… — promoted from staging (version 3)");
    }

    @Test
    void aShortReasonAndNoReasonAreLeftAsTheyAre() {
        assertThat(TrafficService.withNote("  incident 42 ", NOTE)).isEqualTo("incident 42 " + NOTE);
        assertThat(TrafficService.withNote(null, NOTE)).isEqualTo(NOTE);
        assertThat(TrafficService.withNote("   ", NOTE)).isEqualTo(NOTE);
        String exact = "y".repeat(TrafficService.MAX_REASON_LENGTH - NOTE.length() - 1);
        assertThat(TrafficService.withNote(exact, NOTE)).isEqualTo(exact + " " + NOTE)
                .hasSize(TrafficService.MAX_REASON_LENGTH);
    }
}
