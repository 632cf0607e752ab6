package dev.tightrope.governance.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import dev.tightrope.governance.domain.Weekday;

/** A weekly freeze window as createFreeze takes it. */
@Input("WeeklyFreezeInput")
@Description("A freeze every week: from startDay startTime to endDay endTime, local time of timeZone (e.g. FRIDAY "
        + "15:00 to MONDAY 09:00 in Europe/Berlin). It may wrap the end of the week.")
public class WeeklyFreezeInput {

    @NonNull
    @Description("The day the freeze begins.")
    public Weekday startDay;

    @NonNull
    @Description("The local time it begins, HH:MM (24 h), e.g. 15:00.")
    public String startTime;

    @NonNull
    @Description("The day it ends.")
    public Weekday endDay;

    @NonNull
    @Description("The local time it ends, HH:MM, e.g. 09:00.")
    public String endTime;

    @NonNull
    @Description("An IANA time zone (Europe/Berlin, UTC) or a fixed offset (+02:00).")
    public String timeZone;
}
