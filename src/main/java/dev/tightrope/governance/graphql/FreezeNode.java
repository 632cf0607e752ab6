package dev.tightrope.governance.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.governance.domain.Freeze;
import dev.tightrope.governance.domain.FreezeWindow;
import dev.tightrope.governance.domain.Weekday;

/** GraphQL type {@code Freeze}. */
@Type("Freeze")
@Description("A release freeze: while it holds, deploy, startRollout, advanceRollout and promote wait (FROZEN) and "
        + "planned rollouts hold their step; rollbacks and pauses never wait.")
public class FreezeNode {

    private final Freeze freeze;
    private final Instant now;
    private final boolean deleted;

    FreezeNode(Freeze freeze, Instant now) {
        this(freeze, now, false);
    }

    /** @param deleted the freeze was just deleted (deleteFreeze's answer): it holds no more, and never will */
    FreezeNode(Freeze freeze, Instant now, boolean deleted) {
        this.freeze = freeze;
        this.now = now;
        this.deleted = deleted;
    }

    @NonNull
    @Id
    @Description("Identifies the freeze, e.g. for deleteFreeze.")
    public String getId() {
        return Long.toString(freeze.id());
    }

    @Description("The agent frozen; null: every agent of the environment.")
    public String getAgent() {
        return freeze.agent();
    }

    @NonNull
    @Description("The frozen environment.")
    public String getEnvironment() {
        return freeze.environment();
    }

    @NonNull
    @Description("Why releases wait; FROZEN errors carry it as extensions.reason.")
    public String getReason() {
        return freeze.reason();
    }

    @Description("Start of an explicit interval; null for a weekly window.")
    public Instant getFrom() {
        return freeze.window() instanceof FreezeWindow.Interval interval ? interval.from() : null;
    }

    @Description("End of an explicit interval; null for a weekly window.")
    public Instant getTo() {
        return freeze.window() instanceof FreezeWindow.Interval interval ? interval.to() : null;
    }

    @Description("The weekly window, in local time of its zone; null for an explicit interval.")
    public WeeklyWindow getWeekly() {
        return freeze.window() instanceof FreezeWindow.Weekly weekly ? new WeeklyWindow(
                Weekday.of(weekly.startDay()), weekly.startTime().toString(), Weekday.of(weekly.endDay()),
                weekly.endTime().toString(), weekly.zone().getId()) : null;
    }

    @Description("Whether the freeze holds right now (false once deleted).")
    public boolean isActive() {
        return !deleted && freeze.window().activeUntil(now).isPresent();
    }

    @Description("While it holds: when the current window ends (frozenUntil); null otherwise.")
    public Instant getActiveUntil() {
        return deleted ? null : freeze.window().activeUntil(now).orElse(null);
    }

    @Description("When its window next begins (after the current one); null: never again (also once deleted).")
    public Instant getNextStart() {
        return deleted ? null : freeze.window().nextStart(now).orElse(null);
    }

    @NonNull
    @Description("When it was created.")
    public Instant getCreatedAt() {
        return freeze.createdAt();
    }

    @NonNull
    @Description("Who created it: token:<name>.")
    public String getCreatedBy() {
        return freeze.createdBy();
    }

    /** GraphQL type {@code WeeklyWindow}. */
    @Type("WeeklyWindow")
    @Description("A window every week, from startDay startTime to endDay endTime in timeZone (it may wrap the "
            + "week's end); it follows the zone's daylight saving time.")
    public record WeeklyWindow(
            @NonNull @Description("The day it begins.") Weekday startDay,
            @NonNull @Description("The local time it begins, HH:MM.") String startTime,
            @NonNull @Description("The day it ends.") Weekday endDay,
            @NonNull @Description("The local time it ends, HH:MM.") String endTime,
            @NonNull @Description("The IANA time zone, e.g. Europe/Berlin.") String timeZone) {
    }
}
