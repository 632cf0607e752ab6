package dev.tightrope.governance.domain;

import java.time.DayOfWeek;

import org.eclipse.microprofile.graphql.Description;

/** A day of the week, for weekly freeze windows. */
@Description("A day of the week.")
public enum Weekday {
    @Description("Monday.")
    MONDAY,
    @Description("Tuesday.")
    TUESDAY,
    @Description("Wednesday.")
    WEDNESDAY,
    @Description("Thursday.")
    THURSDAY,
    @Description("Friday.")
    FRIDAY,
    @Description("Saturday.")
    SATURDAY,
    @Description("Sunday.")
    SUNDAY;

    public DayOfWeek day() {
        return DayOfWeek.valueOf(name());
    }

    public static Weekday of(DayOfWeek day) {
        return valueOf(day.name());
    }
}
