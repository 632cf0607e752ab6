package dev.tightrope.drills.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.drills.application.Drills;
import dev.tightrope.drills.domain.DrillMode;

/** GraphQL type {@code DrillSchedule}. */
@Type("DrillSchedule")
@Description("When an agent's deployments are drilled.")
public class DrillScheduleNode {

    private final Drills.ScheduleView view;

    public DrillScheduleNode(Drills.ScheduleView view) {
        this.view = view;
    }

    @NonNull
    @Description("A cron expression of five fields: minute hour day-of-month month day-of-week (e.g. '0 4 1 * *').")
    public String getCron() {
        return view.schedule().cron();
    }

    @NonNull
    @Description("The time zone the expression is read in (an IANA name such as Europe/Berlin, or UTC).")
    public String getTimeZone() {
        return view.schedule().timeZone().getId();
    }

    @NonNull
    @Description("The mode of the scheduled drills.")
    public DrillMode getMode() {
        return view.schedule().mode();
    }

    @Description("Whether scheduled drills run.")
    public boolean isEnabled() {
        return view.schedule().enabled();
    }

    @Description("Whether this is the default schedule (the agent has none of its own).")
    public boolean isDefaultSchedule() {
        return view.isDefault();
    }

    @Description("When the next scheduled drill runs; null when the schedule is off.")
    public Instant getNextRunAt() {
        return view.nextRunAt();
    }
}
