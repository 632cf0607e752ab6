package dev.tightrope.audit.graphql;

import static dev.tightrope.platform.graphql.Descriptions.CURSOR;

import static dev.tightrope.platform.graphql.Descriptions.AFTER;

import static dev.tightrope.platform.graphql.Descriptions.FIRST;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.platform.graphql.Connections;
import dev.tightrope.platform.graphql.PageInfo;
import dev.tightrope.platform.paging.PageRequest;
import io.smallrye.mutiny.Uni;

/** The audit log over GraphQL (OPERATOR and ADMIN, see AccessPolicy). */
@GraphQLApi
public class AuditGraphQL {

    private final AuditLog auditLog;

    AuditGraphQL(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Query
    @NonNull
    @Description("The audit log, newest first: every mutation (also refused and failed ones), Slack action and "
            + "automatic action. 20 entries per page by default, at most 100.")
    public Uni<AuditEntryConnection> auditLog(
            @Description("Only the entries that match every field given.") AuditLogFilter filter,
            @Description(FIRST) Integer first,
            @Description(AFTER) String after) {
        PageRequest request = PageRequest.of(first, after, AuditLog.CURSOR_KIND);
        AuditFilter criteria = filter == null ? AuditFilter.ALL : filter.toDomain();
        return auditLog.page(criteria, request).map(page -> Connections.of(page, request, AuditLog.CURSOR_KIND,
                AuditEntryNode::new, AuditEntryEdge::new, AuditEntryConnection::new));
    }

    /** Relay edge of audit entries. */
    @Description("One audit entry in a page, with its cursor.")
    @Type("AuditEntryEdge")
    public record AuditEntryEdge(
            @Description(CURSOR) @NonNull String cursor,
            @Description("The entry.") @NonNull AuditEntryNode node) {
    }

    /** Relay connection of audit entries. */
    @Description("A page of the audit log, newest first (Relay cursor connection).")
    @Type("AuditEntryConnection")
    public record AuditEntryConnection(
            @Description("The entries of this page, newest first.") @NonNull List<@NonNull AuditEntryEdge> edges,
            @Description("Where this page sits in the log.") @NonNull PageInfo pageInfo) {
    }
}
