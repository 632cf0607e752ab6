package dev.tightrope.audit.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.audit.domain.AuditArguments;
import dev.tightrope.audit.domain.AuditEntry;
import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.audit.persistence.AuditLogEntity;
import dev.tightrope.audit.persistence.AuditLogRepository;
import dev.tightrope.audit.persistence.AuditWriter;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.platform.persistence.Sessions;
import io.smallrye.mutiny.Uni;

/**
 * The audit log: every mutation of the API, every Slack action and every scheduler or judge action appends one
 * entry, including refused and failed ones. Entries are never changed or deleted (database triggers reject it).
 *
 * <p>Other features call {@link #record} directly, for example the Slack integration after a slash command:
 * <pre>
 *   auditLog.record(new AuditEntry("slack:" + userId, null, AuditSource.SLACK, "rollback",
 *           Map.of("agent", agent, "environment", env), AuditEntry.OK, clock.instant()))
 * </pre>
 * GraphQL mutations are recorded automatically (see {@code dev.tightrope.access.graphql.AccessControl}).
 */
@ApplicationScoped
public class AuditLog {

    /** Cursor kind of the audit log's pages. */
    public static final String CURSOR_KIND = "audit";
    static final int MAX_ACTOR_LENGTH = 200;
    static final int MAX_OPERATION_LENGTH = 100;

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final Sessions sessions;
    private final AuditLogRepository entries;
    private final AuditMetrics metrics;
    private final AuditWriter writer;

    AuditLog(Sessions sessions, AuditLogRepository entries, AuditMetrics metrics, AuditWriter writer) {
        this.writer = writer;
        this.sessions = sessions;
        this.entries = entries;
        this.metrics = metrics;
    }

    /**
     * Appends the entry, with its arguments redacted ({@link AuditArguments}); entries recorded at the same moment
     * are written together ({@link AuditWriter}).
     *
     * <p>Never fails, so that an audit write can never change the result of the action it describes: when the
     * entry cannot be written (database down), the failure is logged at ERROR with the redacted entry and counted
     * in {@code tightrope_audit_write_failures_total}, and the returned {@code Uni} still completes.
     */
    public Uni<Void> record(AuditEntry entry) {
        AuditLogEntity row;
        try {
            row = toRow(entry);
        } catch (RuntimeException e) {
            return failed(entry, e);
        }
        return writer.append(row)
                .invoke(ignored -> metrics.recorded(entry))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> failed(entry, failure));
    }

    /** Entries matching the filter, newest first. */
    public Uni<Page<AuditRecord>> page(AuditFilter filter, PageRequest request) {
        return sessions.read(() -> entries.page(filter, request))
                .map(rows -> Page.fromOverfetched(rows, request, row -> row.id, AuditLogEntity::toDomain));
    }

    private Uni<Void> failed(AuditEntry entry, Throwable failure) {
        metrics.writeFailed();
        LOG.errorf("Could not write audit entry (actor=%s, tokenId=%s, source=%s, operation=%s, arguments=%s, "
                + "outcome=%s, at=%s): %s", entry.actor(), entry.tokenId(), entry.source(), entry.operation(),
                AuditArguments.toJson(entry.arguments()), entry.outcome(), entry.at(), failure.toString());
        return Uni.createFrom().voidItem();
    }

    private static AuditLogEntity toRow(AuditEntry entry) {
        AuditLogEntity row = new AuditLogEntity();
        row.occurredAt = entry.at();
        row.actor = clip(entry.actor().isBlank() ? "unknown" : entry.actor(), MAX_ACTOR_LENGTH);
        row.tokenId = entry.tokenId();
        row.source = entry.source();
        row.operation = clip(entry.operation().isBlank() ? "unknown" : entry.operation(), MAX_OPERATION_LENGTH);
        row.arguments = AuditArguments.toJson(entry.arguments());
        row.outcome = outcome(entry.outcome());
        return row;
    }

    /** Outcomes are upper-case codes ({@code OK}, {@code FORBIDDEN}); anything else is made into one. */
    private static String outcome(String outcome) {
        String code = outcome.strip().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z_]", "_");
        if (code.length() < 2 || !Character.isLetter(code.charAt(0))) {
            return "UNKNOWN";
        }
        return clip(code, 40);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
