package dev.tightrope.rules.application;

import org.eclipse.microprofile.graphql.Description;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.streams.KeyedBroadcast;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.rules.domain.Alert;
import io.smallrye.mutiny.Multi;

/**
 * Alerts as they happen on this instance (fired and resolved by the evaluator, acknowledged by people), for the
 * {@code alerts} subscription: per agent, or for all agents.
 */
@ApplicationScoped
public class AlertFeed {

    /** What happened to an alert. */
    @org.eclipse.microprofile.graphql.Enum("AlertChange")
    @Description("What happened to an alert.")
    public enum Change {
        @Description("A rule fired: a new alert.")
        FIRED,
        @Description("The rule's condition cleared (or its circuit breaker closed).")
        RESOLVED,
        @Description("Someone acknowledged the alert.")
        ACKNOWLEDGED,
        @Description("The firing's action ran (or its circuit breaker moved): see actionOutcome.")
        ACTED
    }

    /** One change of one alert, in publishing order. */
    public record AlertEvent(long sequence, Change change, Alert alert) {
    }

    private static final String ALL = "\u0000all";

    private final AtomicLong sequence = new AtomicLong();
    private final KeyedBroadcast<AlertEvent> broadcast = new KeyedBroadcast<>(AlertEvent::sequence);

    /**
     * The changes of one agent's alerts from now on, or of every agent's when {@code agent} is null.
     *
     * @throws dev.tightrope.platform.error.TightropeException VALIDATION for an agent that is not a slug (its stream would stay silent)
     */
    public Multi<AlertEvent> watch(String agent) {
        if (agent != null) {
            AgentRules.requireSlugs("agent", agent);
        }
        return broadcast.subscribe(agent == null ? ALL : agent, () -> null);
    }

    public void publish(Change change, Alert alert) {
        if (alert == null) {
            return;
        }
        AlertEvent event = new AlertEvent(sequence.incrementAndGet(), change, alert);
        broadcast.publish(alert.agent(), event);
        broadcast.publish(ALL, event);
    }
}
