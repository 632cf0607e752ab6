package dev.tightrope.audit.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.audit.domain.AuditSource;

/** Input of {@code auditLog}: every given field must match. */
@Description("Which audit entries to list; fields left out match everything.")
@Input("AuditLogFilter")
public class AuditLogFilter {

    @Description("Exactly this actor, e.g. token:ci-deployer.")
    public String actor;

    @Description("Exactly this operation, e.g. rollback.")
    public String operation;

    @Description("Exactly this channel.")
    public AuditSource source;

    @Description("OK or an error code, e.g. FORBIDDEN.")
    public String outcome;

    @Description("Entries at or after this time.")
    public Instant from;

    @Description("Entries before this time.")
    public Instant to;

    AuditFilter toDomain() {
        return new AuditFilter(actor, operation, source, outcome, from, to);
    }
}
