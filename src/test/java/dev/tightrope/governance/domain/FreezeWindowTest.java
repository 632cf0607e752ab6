package dev.tightrope.governance.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FreezeWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Friday 15:00 to Monday 09:00 in Berlin. */
    private static final FreezeWindow.Weekly WEEKEND = new FreezeWindow.Weekly(DayOfWeek.FRIDAY, LocalTime.of(15, 0),
            DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);

    /** Berlin local times; '-' for "not frozen". 2026: DST starts Sunday 29 March, ends Sunday 25 October. */
    @ParameterizedTest(name = "{0} → frozen until {1}")
    @CsvSource({
            "2026-06-05T14:59,  -",
            "2026-06-05T15:00,  2026-06-08T09:00+02:00",
            "2026-06-06T12:00,  2026-06-08T09:00+02:00",
            "2026-06-08T08:59,  2026-06-08T09:00+02:00",
            "2026-06-08T09:00,  -",
            "2026-06-10T12:00,  -",
            // the week's end lies inside the window: Sunday night to Monday morning
            "2026-06-07T23:59,  2026-06-08T09:00+02:00",
            // spring forward inside the window: it opens at 15:00 CET and closes at 09:00 CEST (65 h, not 66)
            "2026-03-27T16:00,  2026-03-30T09:00+02:00",
            "2026-03-29T02:30,  2026-03-30T09:00+02:00",
            // fall back inside the window: closes at 09:00 CET (67 h)
            "2026-10-23T15:00,  2026-10-26T09:00+01:00",
            "2026-10-26T09:00,  -"})
    void aWeekendWindowFollowsTheWallClock(String local, String frozenUntil) {
        Instant now = ZonedDateTime.of(java.time.LocalDateTime.parse(local), BERLIN).toInstant();
        Optional<Instant> until = WEEKEND.activeUntil(now);
        if (frozenUntil.equals("-")) {
            assertThat(until).isEmpty();
        } else {
            assertThat(until).contains(ZonedDateTime.parse(frozenUntil).toInstant());
        }
    }

    @Test
    void theWindowLastsAnHourLessOrMoreAcrossDaylightSavingChanges() {
        Instant springStart = ZonedDateTime.of(2026, 3, 27, 15, 0, 0, 0, BERLIN).toInstant();
        Instant autumnStart = ZonedDateTime.of(2026, 10, 23, 15, 0, 0, 0, BERLIN).toInstant();
        assertThat(Duration.between(springStart, WEEKEND.activeUntil(springStart).orElseThrow())).hasHours(65);
        assertThat(Duration.between(autumnStart, WEEKEND.activeUntil(autumnStart).orElseThrow())).hasHours(67);
    }

    @Test
    void aStartInTheSpringGapIsMovedForwardByTheGap() {
        // Sunday 02:30 does not exist on 29 March 2026 in Berlin: the window opens at 03:30 CEST
        FreezeWindow.Weekly night = new FreezeWindow.Weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 30), DayOfWeek.SUNDAY,
                LocalTime.of(6, 0), BERLIN);
        Instant before = ZonedDateTime.of(2026, 3, 29, 1, 59, 0, 0, BERLIN).toInstant();
        Instant after = ZonedDateTime.of(2026, 3, 29, 3, 30, 0, 0, BERLIN).toInstant();
        assertThat(night.activeUntil(before)).isEmpty();
        assertThat(night.activeUntil(after.minusSeconds(1))).isEmpty();
        assertThat(night.activeUntil(after)).contains(ZonedDateTime.of(2026, 3, 29, 6, 0, 0, 0, BERLIN).toInstant());
        assertThat(night.nextStart(before)).contains(after);
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}, at {4}: {5}")
    @CsvSource({
            // within one day
            "WEDNESDAY, 10:00, WEDNESDAY, 12:00, 2026-06-10T11:00:00Z, 2026-06-10T12:00:00Z",
            "WEDNESDAY, 10:00, WEDNESDAY, 12:00, 2026-06-10T12:00:00Z, -",
            // ends earlier on its start day: a whole week but two hours
            "WEDNESDAY, 12:00, WEDNESDAY, 10:00, 2026-06-10T11:00:00Z, -",
            "WEDNESDAY, 12:00, WEDNESDAY, 10:00, 2026-06-14T11:00:00Z, 2026-06-17T10:00:00Z",
            // Sunday to Monday, wrapping the week
            "SUNDAY,    22:00, MONDAY,    06:00, 2026-06-15T05:00:00Z, 2026-06-15T06:00:00Z",
            "SUNDAY,    22:00, MONDAY,    06:00, 2026-06-14T21:59:00Z, -"})
    void weeklyWindowsInUtc(DayOfWeek startDay, LocalTime start, DayOfWeek endDay, LocalTime end, Instant now,
            String frozenUntil) {
        FreezeWindow.Weekly window = new FreezeWindow.Weekly(startDay, start, endDay, end, ZoneId.of("UTC"));
        assertThat(window.activeUntil(now)).isEqualTo(frozenUntil.equals("-") ? Optional.empty()
                : Optional.of(Instant.parse(frozenUntil)));
    }

    @Test
    void theNextStartIsTheFollowingOccurrence() {
        Instant wednesday = ZonedDateTime.of(2026, 6, 10, 12, 0, 0, 0, BERLIN).toInstant();
        assertThat(WEEKEND.nextStart(wednesday))
                .contains(ZonedDateTime.of(2026, 6, 12, 15, 0, 0, 0, BERLIN).toInstant());
        Instant saturday = ZonedDateTime.of(2026, 6, 13, 12, 0, 0, 0, BERLIN).toInstant();
        assertThat(WEEKEND.nextStart(saturday))
                .contains(ZonedDateTime.of(2026, 6, 19, 15, 0, 0, 0, BERLIN).toInstant());
    }

    @Test
    void anIntervalHoldsFromItsStartUntilItsEnd() {
        Instant from = Instant.parse("2026-12-24T00:00:00Z");
        Instant to = Instant.parse("2026-12-27T00:00:00Z");
        FreezeWindow.Interval holidays = new FreezeWindow.Interval(from, to);
        assertThat(holidays.activeUntil(from.minusSeconds(1))).isEmpty();
        assertThat(holidays.activeUntil(from)).contains(to);
        assertThat(holidays.activeUntil(to)).isEmpty();
        assertThat(holidays.nextStart(from.minusSeconds(1))).contains(from);
        assertThat(holidays.nextStart(from)).isEmpty();
        assertThatThrownBy(() -> new FreezeWindow.Interval(to, from)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FreezeWindow.Weekly(DayOfWeek.MONDAY, LocalTime.NOON, DayOfWeek.MONDAY,
                LocalTime.NOON, BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHoldingFreezeOfADeploymentIsTheOneThatEndsLast() {
        Instant now = Instant.parse("2026-12-24T12:00:00Z");
        Freeze everyAgent = freeze(1, null, "production", now.plusSeconds(3600));
        Freeze oneAgent = freeze(2, "support-bot", "production", now.plusSeconds(7200));
        Freeze otherEnvironment = freeze(3, null, "staging", now.plusSeconds(9000));
        List<Freeze> all = List.of(everyAgent, oneAgent, otherEnvironment);
        assertThat(Freeze.holding(all, "support-bot", "production", now)).map(Freeze.Holding::freeze)
                .contains(oneAgent);
        assertThat(Freeze.holding(all, "billing-bot", "production", now)).map(Freeze.Holding::until)
                .contains(now.plusSeconds(3600));
        assertThat(Freeze.holding(all, "billing-bot", "canary", now)).isEmpty();
        assertThat(Freeze.holding(all, "billing-bot", "production", now.plusSeconds(3600))).isEmpty();
    }

    private static Freeze freeze(long id, String agent, String environment, Instant until) {
        return new Freeze(id, agent, environment, new FreezeWindow.Interval(until.minusSeconds(86_400), until),
                "release freeze " + id, until, "token:admin");
    }
}
