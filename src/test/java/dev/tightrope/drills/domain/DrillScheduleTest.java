package dev.tightrope.drills.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;

class DrillScheduleTest {

    @Test
    void theDefaultIsFourInTheMorningOnTheFirstOfEveryMonth() {
        DrillSchedule schedule = DrillSchedule.defaults(DrillSchedule.DEFAULT_CRON, ZoneOffset.UTC);
        Instant now = Instant.parse("2026-12-01T22:10:00Z");
        assertThat(schedule.latestSlot(now)).contains(Instant.parse("2026-12-01T04:00:00Z"));
        assertThat(schedule.nextSlot(now)).contains(Instant.parse("2027-01-01T04:00:00Z"));
        assertThat(schedule.mode()).isEqualTo(DrillMode.DRY_RUN);
    }

    @Test
    void slotsAreReadInTheTimeZone() {
        // the Javadoc's example: Mondays 02:30 in Berlin, asked on Wednesday 2026-12-02 10:00Z (winter: UTC+1)
        DrillSchedule schedule = DrillSchedule.of("30 2 * * 1", "Europe/Berlin", DrillMode.LIVE, true);
        assertThat(schedule.latestSlot(Instant.parse("2026-12-02T10:00:00Z")))
                .contains(Instant.parse("2026-11-30T01:30:00Z"));
        assertThat(schedule.nextSlot(Instant.parse("2026-12-02T10:00:00Z")))
                .contains(Instant.parse("2026-12-07T01:30:00Z"));
    }

    @Test
    void aSlotMatchingNowIsTheLatest() {
        DrillSchedule everyMinute = DrillSchedule.of("* * * * *", null, DrillMode.DRY_RUN, true);
        assertThat(everyMinute.latestSlot(Instant.parse("2026-12-01T10:15:42.5Z")))
                .contains(Instant.parse("2026-12-01T10:15:00Z"));
        assertThat(everyMinute.timeZone().getId()).isEqualTo("UTC");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 4 1 *|Europe/Berlin|cron",           // four fields
            "61 4 1 * *|Europe/Berlin|cron",        // minute out of range
            "0 0 4 1 * ?|UTC|cron",                 // Quartz's six fields are not the classic five
            "0 4 1 * *|Mars/Olympus|timeZone",
            "'   '|UTC|cron"})
    void badSchedulesAreRefusedNamingTheField(String cron, String zone, String field) {
        assertThatThrownBy(() -> DrillSchedule.of(cron, zone, DrillMode.DRY_RUN, true))
                .isInstanceOfSatisfying(TightropeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.getMessage()).contains(field);
                });
    }

    @Test
    void aScheduleThatNeverMatchesADateIsRefusedAndALeapDayIsNot() {
        assertThatThrownBy(() -> DrillSchedule.of("0 0 31 2 *", "UTC", DrillMode.DRY_RUN, true))
                .isInstanceOfSatisfying(TightropeException.class, e -> assertThat(e.getMessage())
                        .contains("cron: never matches a date (such as the 31st of February), so no drill would "
                                + "ever run"));
        assertThat(DrillSchedule.of("0 0 29 2 *", "UTC", DrillMode.DRY_RUN, true)
                .nextSlot(java.time.Instant.parse("2026-12-03T00:00:00Z")))
                .contains(java.time.Instant.parse("2028-02-29T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "2026-11-05T00:00:00Z, false",
            "2026-11-01T00:00:00Z, false",   // exactly 30 days: not yet overdue
            "2026-10-31T23:59:00Z, true",
            "none, true"})
    void aDeploymentWithoutAPassingDrillInThirtyDaysIsOverdue(Instant lastPassed, boolean overdue) {
        assertThat(DrillFreshness.overdue(lastPassed, Instant.parse("2026-12-01T00:00:00Z"), Duration.ofDays(30)))
                .isEqualTo(overdue);
    }
}
