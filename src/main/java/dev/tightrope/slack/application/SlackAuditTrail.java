package dev.tightrope.slack.application;

import java.util.Map;

import dev.tightrope.slack.domain.SlackCaller;
import io.smallrye.mutiny.Uni;

/**
 * Where Slack actions are recorded: every command that acts, every button click that acts, and every refusal,
 * with the Slack user as actor. The audit log of the access feature implements it; until then
 * {@link LoggingSlackAuditTrail} writes them to the log.
 */
public interface SlackAuditTrail {

    /**
     * @param operation what was asked, e.g. {@code rollback}
     * @param arguments agent, environment and the other inputs (no secrets)
     * @param outcome   {@code OK} or the error code ({@code FORBIDDEN}, {@code CONFLICT}, …)
     */
    Uni<Void> record(SlackCaller caller, String operation, Map<String, Object> arguments, String outcome);
}
