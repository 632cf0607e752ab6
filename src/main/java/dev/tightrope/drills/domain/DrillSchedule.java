package dev.tightrope.drills.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/**
 * When an agent's deployments are drilled: a cron expression in the classic five fields (minute, hour, day of
 * month, month, day of week) read in a time zone, the mode, and whether it is on. The default is
 * {@code 0 4 1 * *} in UTC, DRY_RUN: 04:00 on the first day of every month.
 *
 * <p><b>Slots.</b> Each time the expression matches is a <em>slot</em>. The scheduler asks for the latest slot at or
 * before now ({@link #latestSlot}); a deployment is drilled once per slot (the database refuses a second result for
 * the same slot), so an instance taking over from another never drills a slot twice, and a slot missed while every
 * instance was down is drilled when one is up again, once. Example: {@code 30 2 * * 1} in Europe/Berlin, now
 * Wednesday 2026-12-02T10:00Z → the latest slot is Monday 2026-11-30 02:30 Berlin time, 01:30Z.
 */
public record DrillSchedule(String cron, ZoneId timeZone, DrillMode mode, boolean enabled) {

    public static final String DEFAULT_CRON = "0 4 1 * *";
    public static final int MAX_CRON_LENGTH = 200;

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public DrillSchedule {
        executionTime(cron); // refuses what does not parse
    }

    /** Where the search for an expression's first match starts: any fixed date will do, a clock is not needed. */
    private static final ZonedDateTime EVER_SINCE = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC);

    /** The default schedule: monthly DRY_RUN, {@value #DEFAULT_CRON} in UTC. */
    public static DrillSchedule defaults(String cron, ZoneId zone) {
        return new DrillSchedule(cron, zone, DrillMode.DRY_RUN, true);
    }

    /**
     * A schedule from user input; every problem is a VALIDATION error naming the field: a cron expression that is
     * not five valid fields or that never matches a date, a time zone that is not an IANA name (or an offset such as
     * {@code +02:00}).
     */
    public static DrillSchedule of(String cron, String timeZone, DrillMode mode, boolean enabled) {
        List<Violation> violations = new java.util.ArrayList<>();
        String expression = cron == null ? null : cron.strip();
        if (expression == null || expression.isEmpty() || expression.length() > MAX_CRON_LENGTH) {
            violations.add(new Violation("cron", "must be a cron expression of 1 to " + MAX_CRON_LENGTH
                    + " characters"));
        } else {
            try {
                if (executionTime(expression).nextExecution(EVER_SINCE).isEmpty()) {
                    violations.add(new Violation("cron", "never matches a date (such as the 31st of February), so "
                            + "no drill would ever run"));
                }
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("cron", "is not a cron expression of five fields (minute hour "
                        + "day-of-month month day-of-week), e.g. '0 4 1 * *': " + e.getMessage()));
            }
        }
        ZoneId zone = null;
        try {
            zone = ZoneId.of(timeZone == null ? "UTC" : timeZone.strip());
        } catch (DateTimeException e) {
            violations.add(new Violation("timeZone", "is not a time zone (an IANA name such as Europe/Berlin, UTC, "
                    + "or a fixed offset such as +02:00; abbreviations such as EST are ambiguous and not taken)"));
        }
        if (mode == null) {
            violations.add(new Violation("mode", "is required"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        return new DrillSchedule(expression, zone, mode, enabled);
    }

    /** The latest time at or before {@code now} that the expression matches, if any. */
    public Optional<Instant> latestSlot(Instant now) {
        ZonedDateTime at = now.atZone(timeZone);
        ExecutionTime times = executionTime(cron);
        if (times.isMatch(at.withSecond(0).withNano(0))) {
            return Optional.of(at.withSecond(0).withNano(0).toInstant());
        }
        return times.lastExecution(at).map(ZonedDateTime::toInstant);
    }

    /** The first time after {@code now} that the expression matches, if any. */
    public Optional<Instant> nextSlot(Instant now) {
        return executionTime(cron).nextExecution(now.atZone(timeZone)).map(ZonedDateTime::toInstant);
    }

    private static ExecutionTime executionTime(String cron) {
        return ExecutionTime.forCron(PARSER.parse(cron));
    }
}
