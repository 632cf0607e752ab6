package dev.tightrope.slack.application;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.slack.domain.SlackCaller;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/** Records Slack actions in the log, until the audit log exists (it replaces this bean). */
@DefaultBean
@ApplicationScoped
public class LoggingSlackAuditTrail implements SlackAuditTrail {

    private static final Logger LOG = Logger.getLogger("dev.tightrope.slack.audit");

    @Override
    public Uni<Void> record(SlackCaller caller, String operation, Map<String, Object> arguments, String outcome) {
        LOG.infof("Slack %s by %s %s: %s", operation, caller.actor(), arguments, outcome);
        return Uni.createFrom().voidItem();
    }
}
