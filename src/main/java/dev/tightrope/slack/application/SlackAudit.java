package dev.tightrope.slack.application;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditEntry;
import dev.tightrope.audit.domain.AuditSource;
import dev.tightrope.slack.domain.SlackCaller;
import io.smallrye.mutiny.Uni;

/**
 * Records Slack actions in the audit log: every command and button click that changes traffic or was refused, with
 * source {@link AuditSource#SLACK}, the Slack user as actor ({@code slack:U2CERLKJA (roadrunner)}) and no token.
 * Reads (status, help) are not recorded, like GraphQL queries.
 */
@ApplicationScoped
public class SlackAudit {

    private final AuditLog auditLog;
    private final Clock clock;

    SlackAudit(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /**
     * Never fails (see {@link AuditLog#record}).
     *
     * @param operation what was asked, named like the GraphQL mutation it matches ({@code rollback},
     *                  {@code promote}, {@code pauseRollout}, {@code resumeRollout})
     * @param outcome   {@link AuditEntry#OK} or the error code
     */
    public Uni<Void> record(SlackCaller caller, String operation, Map<String, Object> arguments, String outcome) {
        return auditLog.record(new AuditEntry(caller.actor(), null, AuditSource.SLACK, operation, arguments, outcome,
                clock.instant()));
    }
}
