package dev.tightrope.slack.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.rules.application.RuleTexts;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleParser;
import dev.tightrope.rules.domain.Alert;
import dev.tightrope.slack.domain.AlertFacts;
import dev.tightrope.slack.domain.AlertNotifications;
import dev.tightrope.slack.domain.DeploymentButtons;
import dev.tightrope.slack.domain.Notification;
import dev.tightrope.slack.domain.SlackMessage;
import io.smallrye.mutiny.Uni;

/**
 * Builds alert messages from stored alerts: the values written in their metric's unit (the rules feature's
 * {@link RuleTexts#value}), and, for "Roll back now", the deployment as it is now. When the deployment cannot be
 * read, the message goes out without that button (logged and counted), rather than not at all.
 */
@ApplicationScoped
public class AlertMessages {

    private static final Logger LOG = Logger.getLogger(AlertMessages.class);

    private final DeploymentQueries queries;
    private final SlackLinks links;
    private final SlackMetrics metrics;

    AlertMessages(DeploymentQueries queries, SlackLinks links, SlackMetrics metrics) {
        this.queries = queries;
        this.links = links;
        this.metrics = metrics;
    }

    /** The message of a firing alert, for its agent's webhook. Never fails. */
    public Uni<Notification> fired(Alert alert) {
        AlertFacts facts = facts(alert);
        return situation(facts).map(now -> AlertNotifications.fired(facts, now, links.links()));
    }

    /** The alert's message after an acknowledgement, to replace the clicked one. Never fails. */
    public Uni<SlackMessage> acknowledged(Alert alert) {
        AlertFacts facts = facts(alert);
        return situation(facts).map(now -> AlertNotifications.acknowledged(facts, now, links.links()));
    }

    public Notification resolved(Alert alert) {
        return AlertNotifications.resolved(facts(alert), links.links());
    }

    /** The alert as an alert message shows it. */
    public AlertFacts facts(Alert alert) {
        Rule rule = parsed(alert);
        return new AlertFacts(alert.id(), alert.agent(), alert.environment(), alert.ruleSource(), alert.severity(),
                alert.version(), format(rule, alert.value()), alert.threshold(), format(rule, alert.baseline()),
                alert.samples(), alert.action(), alert.actionOutcome(), alert.firedAt(), alert.resolvedAt(),
                alert.acknowledgedBy(), alert.acknowledgedAt());
    }

    /** The deployment now, for choosing "Roll back now"; {@code null} when there is none or it cannot be read. */
    private Uni<DeploymentButtons.Situation> situation(AlertFacts alert) {
        if (alert.rolledBack() || alert.resolvedAt() != null) {
            return Uni.createFrom().nullItem();
        }
        return queries.deployment(alert.agent(), alert.environment()).chain(deployment -> deployment == null
                ? Uni.createFrom().<DeploymentButtons.Situation>nullItem()
                : queries.events(alert.agent(), alert.environment(),
                                PageRequest.of(1, null, DeploymentQueries.EVENT_CURSOR))
                        .map(page -> DeploymentButtons.situation(deployment,
                                page.items().isEmpty() ? null : page.items().get(0).value())))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Alert %d: the deployment %s/%s could not be read, so its message has no \"Roll back "
                            + "now\": %s", alert.id(), alert.agent(), alert.environment(), failure.toString());
                    metrics.alertMessageDegraded("deployment_unreadable");
                    return null;
                });
    }

    /** The rule the alert fired on, or {@code null} when its stored text no longer parses (values then plain). */
    private Rule parsed(Alert alert) {
        try {
            return RuleParser.parse(alert.ruleSource());
        } catch (RuntimeException e) {
            LOG.warnf("Alert %d: its rule text does not parse (%s); its message shows values as plain numbers",
                    alert.id(), e.getMessage());
            metrics.alertMessageDegraded("rule_unreadable");
            return null;
        }
    }

    private static String format(Rule rule, Double value) {
        if (value == null || value.isNaN()) {
            return null;
        }
        return rule == null ? Double.toString(value) : RuleTexts.value(rule, value);
    }
}
