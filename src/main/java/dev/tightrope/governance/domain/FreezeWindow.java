package dev.tightrope.governance.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * When a release freeze holds: an explicit interval, or a window that comes back every week.
 *
 * <p>A weekly window is written in local time of its zone, start day and time to end day and time, e.g. Friday 15:00
 * to Monday 09:00 in Europe/Berlin; it may wrap the end of the week. It follows the zone's clock across daylight
 * saving changes, so it always opens at 15:00 and closes at 09:00 on the wall clock, and lasts an hour more or less
 * across a change. A local time that does not exist (in the gap of a spring change) is moved forward by the length
 * of the gap (02:30 becomes 03:30); one that exists twice (an autumn change) is taken at the earlier of the two.
 */
public sealed interface FreezeWindow {

    /** When the occurrence of the window that holds at {@code now} ends; empty when it does not hold now. */
    Optional<Instant> activeUntil(Instant now);

    /** When the window next begins after {@code now} (not counting one that holds now); empty: never again. */
    Optional<Instant> nextStart(Instant now);

    /** From {@code from} (inclusive) to {@code to} (exclusive). */
    record Interval(Instant from, Instant to) implements FreezeWindow {

        public Interval {
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("a freeze must end after it starts");
            }
        }

        @Override
        public Optional<Instant> activeUntil(Instant now) {
            return !now.isBefore(from) && now.isBefore(to) ? Optional.of(to) : Optional.empty();
        }

        @Override
        public Optional<Instant> nextStart(Instant now) {
            return now.isBefore(from) ? Optional.of(from) : Optional.empty();
        }
    }

    /** Every week from {@code startDay startTime} to {@code endDay endTime} in {@code zone}. */
    record Weekly(DayOfWeek startDay, LocalTime startTime, DayOfWeek endDay, LocalTime endTime, ZoneId zone)
            implements FreezeWindow {

        public Weekly {
            if (startDay == endDay && startTime.equals(endTime)) {
                throw new IllegalArgumentException("a weekly freeze must end at another time than it starts");
            }
        }

        @Override
        public Optional<Instant> activeUntil(Instant now) {
            ZonedDateTime start = latestStartAtOrBefore(now);
            Instant end = endAfter(start);
            return now.isBefore(end) ? Optional.of(end) : Optional.empty();
        }

        @Override
        public Optional<Instant> nextStart(Instant now) {
            ZonedDateTime latest = latestStartAtOrBefore(now);
            return Optional.of(at(latest.toLocalDate().plusWeeks(1), startTime).toInstant());
        }

        /** The most recent start of the window at or before {@code now}. */
        ZonedDateTime latestStartAtOrBefore(Instant now) {
            LocalDate today = now.atZone(zone).toLocalDate();
            LocalDate day = today.with(TemporalAdjusters.previousOrSame(startDay));
            ZonedDateTime start = at(day, startTime);
            if (start.toInstant().isAfter(now)) {
                start = at(day.minusWeeks(1), startTime);
            }
            return start;
        }

        /** The end of the occurrence that starts at {@code start}: the first end day and time after it. */
        Instant endAfter(ZonedDateTime start) {
            LocalDate day = start.toLocalDate().with(TemporalAdjusters.nextOrSame(endDay));
            if (day.equals(start.toLocalDate()) && !endTime.isAfter(startTime)) {
                day = day.plusWeeks(1);
            }
            return at(day, endTime).toInstant();
        }

        private ZonedDateTime at(LocalDate day, LocalTime time) {
            return ZonedDateTime.of(day, time, zone); // gaps: moved forward; overlaps: the earlier offset
        }
    }
}
