package dev.tightrope.drills.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.drills.domain.RollbackStatistics;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.domain.EventRecord;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.rules.application.Alerts;
import io.smallrye.mutiny.Uni;

/**
 * Rollback statistics of an agent over a period ({@link RollbackStatistics}): reads the events from the release
 * feature, the onsets of the rules' alerts from the rules feature, and computes. Bounded: {@code since} at most
 * {@value #MAX_DAYS} days back, at most {@value #MAX_EVENTS} traffic changes in the period (more is refused with
 * VALIDATION rather than answered from part of the history).
 */
@ApplicationScoped
public class RollbackStatsService {

    public static final int MAX_EVENTS = 10_000;
    public static final int MAX_DAYS = 400;

    private final DeploymentQueries deployments;
    private final Alerts alerts;
    private final Clock clock;

    RollbackStatsService(DeploymentQueries deployments, Alerts alerts, Clock clock) {
        this.deployments = deployments;
        this.alerts = alerts;
        this.clock = clock;
    }

    /**
     * @param environment one environment, or {@code null} for every environment of the agent
     * @param since       the start of the period, between {@value #MAX_DAYS} days ago and now
     */
    public Uni<Report> of(String agent, String environment, Instant since) {
        Instant now = clock.instant();
        validate(agent, environment, since, now);
        return deployments.history(agent, environment, since, MAX_EVENTS).chain(history -> {
            if (history.truncated()) {
                throw TightropeException.invalid(List.of(new Violation("since", "more than " + MAX_EVENTS
                        + " traffic changes were made since " + since + "; choose a later since")));
            }
            List<EventRecord> all = new ArrayList<>(history.events());
            all.addAll(history.earlierReleases());
            List<String> ruleActions = history.events().stream()
                    .filter(r -> r.event().type() == TrafficChangeType.ROLLED_BACK
                            && r.event().trigger() == Trigger.RULE && r.idempotencyKey() != null)
                    .map(EventRecord::idempotencyKey).toList();
            return alerts.onsets(ruleActions).map(onsets -> new Report(agent, environment, now,
                    RollbackStatistics.compute(since, all, onsets)));
        });
    }

    /**
     * The statistics of an agent (in one environment, or in all when {@code environment} is null), computed at
     * {@code until}.
     */
    public record Report(String agent, String environment, Instant until, RollbackStatistics statistics) {
    }

    private static void validate(String agent, String environment, Instant since, Instant now) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("agent", agent, violations);
        if (environment != null) {
            AgentRules.checkSlug("environment", environment, violations);
        }
        if (since == null) {
            violations.add(new Violation("since", "is required"));
        } else if (since.isAfter(now)) {
            violations.add(new Violation("since", "must not be in the future"));
        } else if (since.isBefore(now.minus(Duration.ofDays(MAX_DAYS)))) {
            violations.add(new Violation("since", "must be at most " + MAX_DAYS + " days ago"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }
}
