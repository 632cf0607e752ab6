package dev.tightrope.audit.graphql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.audit.domain.AuditSource;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

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

    /** The filter; VALIDATION for an outcome no entry can have or a period that ends before it starts. */
    AuditFilter toDomain() {
        List<Violation> violations = new ArrayList<>();
        if (outcome != null && !"OK".equals(outcome)
                && Arrays.stream(ErrorCode.values()).noneMatch(code -> code.name().equals(outcome))) {
            violations.add(new Violation("filter.outcome", "must be OK or an error code such as FORBIDDEN or "
                    + "VALIDATION (see the README's Errors)"));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            violations.add(new Violation("filter.to", "must be after filter.from"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        return new AuditFilter(actor, operation, source, outcome, from, to);
    }
}
