package dev.tightrope.governance.application;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.governance.domain.Freeze;
import dev.tightrope.governance.domain.FreezeWindow;
import dev.tightrope.governance.domain.Weekday;
import dev.tightrope.governance.persistence.GovernanceStore;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.registry.domain.AgentRules;
import io.smallrye.mutiny.Uni;

/** Release freezes: created, listed and deleted by ADMINs; read by the guard at every change they may hold. */
@ApplicationScoped
public class Freezes {

    public static final int MAX_REASON_LENGTH = 2000;

    /** A weekly window as asked for: days, {@code HH:MM} times and an IANA zone. */
    public record Weekly(Weekday startDay, String startTime, Weekday endDay, String endTime, String timeZone) {
    }

    private final GovernanceStore store;
    private final Protections protections;
    private final Clock clock;

    Freezes(GovernanceStore store, Protections protections, Clock clock) {
        this.store = store;
        this.protections = protections;
        this.clock = clock;
    }

    /**
     * A freeze of the environment for the agent (null: every agent): either {@code from}–{@code to} or
     * {@code weekly}, never both. VALIDATION lists every problem; NOT_FOUND for an unknown agent.
     */
    public Uni<Freeze> create(String environment, String agent, String reason, Instant from, Instant to,
            Weekly weekly, String actor) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("environment", environment, violations);
        if (agent != null) {
            AgentRules.checkSlug("agent", agent, violations);
        }
        if (reason == null || reason.isBlank()) {
            violations.add(new Violation("reason", "is required: say why releases wait"));
        } else if (reason.length() > MAX_REASON_LENGTH) {
            violations.add(new Violation("reason", "is longer than " + MAX_REASON_LENGTH + " characters"));
        }
        FreezeWindow window = window(from, to, weekly, violations);
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        return protections.requireAgent(agent)
                .chain(() -> store.saveFreeze(agent, environment, window, reason.strip(), clock.instant(), actor));
    }

    private FreezeWindow window(Instant from, Instant to, Weekly weekly, List<Violation> violations) {
        boolean interval = from != null || to != null;
        if (interval == (weekly != null)) {
            violations.add(new Violation(interval ? "weekly" : "from", "give either from and to, or weekly"));
            return null;
        }
        if (interval) {
            if (from == null || to == null) {
                violations.add(new Violation(from == null ? "from" : "to", "from and to go together"));
                return null;
            }
            if (!to.isAfter(from)) {
                violations.add(new Violation("to", "must be after from"));
                return null;
            }
            if (!to.isAfter(clock.instant())) {
                violations.add(new Violation("to", "is in the past: the freeze would never hold"));
                return null;
            }
            return new FreezeWindow.Interval(from, to);
        }
        LocalTime start = time("weekly.startTime", weekly.startTime(), violations);
        LocalTime end = time("weekly.endTime", weekly.endTime(), violations);
        ZoneId zone = null;
        try {
            zone = ZoneId.of(weekly.timeZone());
        } catch (DateTimeException | NullPointerException e) {
            violations.add(new Violation("weekly.timeZone", "is not a time zone; use an IANA name such as "
                    + "Europe/Berlin, UTC, or a fixed offset such as +02:00 (abbreviations such as EST are ambiguous "
                    + "and not taken)"));
        }
        if (weekly.startDay() == null || weekly.endDay() == null) {
            violations.add(new Violation("weekly", "startDay and endDay are required"));
        }
        if (start == null || end == null || zone == null || weekly.startDay() == null || weekly.endDay() == null) {
            return null;
        }
        if (weekly.startDay() == weekly.endDay() && start.equals(end)) {
            violations.add(new Violation("weekly.endTime", "must differ from the start"));
            return null;
        }
        return new FreezeWindow.Weekly(weekly.startDay().day(), start, weekly.endDay().day(), end, zone);
    }

    private static LocalTime time(String path, String text, List<Violation> violations) {
        if (text == null || !text.matches("^[0-2][0-9]:[0-5][0-9]$")) {
            violations.add(new Violation(path, "must be a time of day as HH:MM, e.g. 15:00"));
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(path, "must be a time of day as HH:MM, e.g. 15:00"));
            return null;
        }
    }

    /** The deleted freeze; NOT_FOUND when there is none with this id. */
    public Uni<Freeze> delete(long id) {
        return store.deleteFreeze(id).onItem().ifNull()
                .failWith(() -> TightropeException.notFound("No release freeze with id " + id));
    }

    /** One freeze; NOT_FOUND when there is none with this id. */
    public Uni<Freeze> get(long id) {
        return store.freeze(id).onItem().ifNull()
                .failWith(() -> TightropeException.notFound("No release freeze with id " + id));
    }

    /** Freezes, oldest first, filtered by environment and agent (an agent's list includes those of every agent). */
    public Uni<List<Freeze>> list(String environment, String agent) {
        return store.freezes(environment, agent);
    }
}
