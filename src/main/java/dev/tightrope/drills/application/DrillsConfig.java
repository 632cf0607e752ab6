package dev.tightrope.drills.application;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of rollback drills (docs/drills.md). */
@ConfigMapping(prefix = "tightrope.drills")
public interface DrillsConfig {

    /**
     * How often the scheduler looks for due drills ({@link DrillScheduler}): a duration such as {@code 1M}, or
     * {@code off}. Default 1 minute.
     */
    @WithDefault("1M")
    String every();

    /**
     * How old a schedule slot may be and still be drilled: a slot missed while every instance was down is made up
     * when one is back within this, but a new agent is not drilled for a slot long past. Default 1 hour.
     */
    @WithDefault("1H")
    Duration catchUp();

    /**
     * The schedule of agents without one of their own, a cron expression of five fields (minute hour day-of-month
     * month day-of-week). Default {@code 0 4 1 * *}: 04:00 on the first of every month, in
     * {@link #defaultTimeZone()}, in DRY_RUN mode.
     */
    @WithDefault("0 4 1 * *")
    String defaultCron();

    /** The time zone of the default schedule. Default UTC. */
    @WithDefault("UTC")
    String defaultTimeZone();

    /** A deployment without a passing drill for longer than this is flagged as overdue. Default 30 days. */
    @WithDefault("30D")
    Duration maxAge();

    /**
     * How long a LIVE drill waits for every connected runtime to acknowledge a change before it records the step
     * as not propagated (and rolls forward anyway). Default 40 s: longer than the propagation timeout
     * ({@code tightrope.release.propagation-timeout}, 30 s), after which a change is recorded as TIMED_OUT.
     */
    @WithDefault("40S")
    Duration propagationWait();

    /** How often a LIVE drill reads whether its change has propagated. Default 100 ms. */
    @WithDefault("100MS")
    Duration propagationPoll();
}
