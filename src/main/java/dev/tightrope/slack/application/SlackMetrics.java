package dev.tightrope.slack.application;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Slack feature's meters, registered in one place:
 * <ul>
 * <li>{@code tightrope_slack_notifications_total{outcome}}: notification attempts' results: {@code sent},
 * {@code retried} (an attempt failed and another follows), {@code failed} (given up), {@code dropped} (queue
 * full);</li>
 * <li>{@code tightrope_slack_requests_total{endpoint, outcome}}: requests from Slack: {@code handled},
 * {@code duplicate}, {@code rejected} (bad signature), {@code disabled};</li>
 * <li>{@code tightrope_slack_notifications_pending}: notifications waiting or being sent;</li>
 * <li>{@code tightrope_slack_alert_messages_total{kind, outcome}}: alert messages ({@code fired},
 * {@code resolved}) by how they ended on this instance: {@code sent}, {@code failed}, {@code dropped},
 * {@code no_webhook}, {@code claimed_elsewhere};</li>
 * <li>{@code tightrope_slack_alert_messages_degraded_total{reason}}: alert messages built with less than usual:
 * {@code deployment_unreadable} (without "Roll back now"), {@code rule_unreadable} (values as plain numbers).</li>
 * </ul>
 */
@ApplicationScoped
public class SlackMetrics {

    /** Outcomes of notification attempts. */
    public enum NotificationOutcome {
        SENT, RETRIED, FAILED, DROPPED
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public SlackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void notification(NotificationOutcome outcome) {
        counters.computeIfAbsent("n/" + outcome, key -> Counter.builder("tightrope.slack.notifications")
                .description("Slack notification attempts by result: sent, retried, failed (gave up), dropped "
                        + "(queue full)")
                .tag("outcome", outcome.name().toLowerCase())
                .register(registry)).increment();
    }

    public void request(String endpoint, String outcome) {
        counters.computeIfAbsent("r/" + endpoint + "/" + outcome, key -> Counter.builder("tightrope.slack.requests")
                .description("Requests from Slack by endpoint and result: handled, duplicate (retry or replay, "
                        + "nothing done), rejected (bad signature), disabled (no signing secret)")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome)
                .register(registry)).increment();
    }

    /** How an alert message ended on this instance; {@code kind} is {@code fired} or {@code resolved}. */
    public void alertMessage(String kind, String outcome) {
        counters.computeIfAbsent("a/" + kind + "/" + outcome, key -> Counter.builder("tightrope.slack.alert.messages")
                .description("Alert messages by kind (fired, resolved) and result on this instance: sent, failed, "
                        + "dropped, no_webhook, claimed_elsewhere")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry)).increment();
    }

    /**
     * An alert message built with less than usual: {@code deployment_unreadable} (no "Roll back now") or
     * {@code rule_unreadable} (values as plain numbers).
     */
    public void alertMessageDegraded(String reason) {
        counters.computeIfAbsent("a/degraded/" + reason, key -> Counter.builder(
                        "tightrope.slack.alert.messages.degraded")
                .description("Alert messages built with less than usual: without \"Roll back now\" (the deployment "
                        + "could not be read) or with plain numbers (the rule text did not parse)")
                .tag("reason", reason)
                .register(registry)).increment();
    }

    /** Registers the pending-notifications gauge. */
    public void pending(Supplier<Number> pending) {
        Gauge.builder("tightrope.slack.notifications.pending", pending)
                .description("Slack notifications waiting or being sent")
                .register(registry);
    }
}
