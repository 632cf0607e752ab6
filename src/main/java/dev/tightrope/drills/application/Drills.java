package dev.tightrope.drills.application;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.drills.domain.DrillFreshness;
import dev.tightrope.drills.domain.DrillMode;
import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.drills.domain.DrillSchedule;
import dev.tightrope.drills.persistence.DrillStore;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.application.RegistryLookup;
import io.smallrye.mutiny.Uni;

/** Reading drill results, whether deployments are overdue for a drill, and the agents' drill schedules. */
@ApplicationScoped
public class Drills {

    public static final String CURSOR = "drill";

    private final DrillStore store;
    private final RegistryLookup registry;
    private final DrillsConfig config;
    private final Clock clock;
    private final Sessions sessions;

    Drills(DrillStore store, RegistryLookup registry, DrillsConfig config, Clock clock, Sessions sessions) {
        this.sessions = sessions;
        this.store = store;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
    }

    /** An agent's drills, newest first; {@code environment} null: all its environments. */
    public Uni<Page<DrillResult>> page(String agent, String environment, PageRequest request) {
        return agentId(agent).chain(ignored -> store.page(agent, environment, request.afterKey(),
                request.first() + 1)).map(rows -> Page.fromOverfetched(rows, request, DrillResult::id, r -> r));
    }

    public Uni<DrillResult> find(long id) {
        return store.byId(id).invoke(result -> {
            if (result == null) {
                throw TightropeException.notFound("Drill " + id + " does not exist");
            }
        });
    }

    /** The latest passing drill of each deployment that has one, by deployment id. */
    public Uni<Map<Long, DrillResult>> lastPassed(List<Long> deploymentIds) {
        return store.lastPassed(deploymentIds);
    }

    /** Whether a deployment whose last passing drill is {@code lastPassed} (or none) is overdue now. */
    public boolean overdue(DrillResult lastPassed) {
        return DrillFreshness.overdue(lastPassed == null ? null : lastPassed.finishedAt(), clock.instant(),
                config.maxAge());
    }

    /** The agent's schedule: its own, or the default. */
    public Uni<ScheduleView> schedule(String agent) {
        return agentId(agent).chain(store::schedule)
                .map(own -> own != null ? view(own, false) : view(defaults(), true));
    }

    /** Sets the agent's schedule (ADMIN); VALIDATION for a bad cron expression or time zone. */
    public Uni<ScheduleView> setSchedule(String agent, String cron, String timeZone, DrillMode mode,
            boolean enabled, String actor) {
        DrillSchedule schedule = DrillSchedule.of(cron, timeZone, mode, enabled);
        return agentId(agent).chain(agentId -> store.saveSchedule(agentId, schedule, actor,
                clock.instant())).map(ignored -> view(schedule, false));
    }

    /** The agent's id; NOT_FOUND for an unknown agent. */
    Uni<Long> agentId(String agent) {
        return sessions.read(() -> registry.agentId(agent));
    }

    DrillSchedule defaults() {
        return DrillSchedule.defaults(config.defaultCron(), ZoneId.of(config.defaultTimeZone()));
    }

    private ScheduleView view(DrillSchedule schedule, boolean isDefault) {
        return new ScheduleView(schedule, isDefault, schedule.enabled()
                ? schedule.nextSlot(clock.instant()).orElse(null) : null);
    }

    /** A schedule as shown: whether it is the default, and when it next runs (null when off or never). */
    public record ScheduleView(DrillSchedule schedule, boolean isDefault, Instant nextRunAt) {
    }
}
