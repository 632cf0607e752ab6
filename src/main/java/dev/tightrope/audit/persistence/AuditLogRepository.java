package dev.tightrope.audit.persistence;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The append-only audit log: entries are only ever inserted and listed. */
@ApplicationScoped
public class AuditLogRepository implements PanacheRepositoryBase<AuditLogEntity, Long> {

    /** One page matching the filter, newest first, fetching one extra row to tell whether a next page exists. */
    public Uni<List<AuditLogEntity>> page(AuditFilter filter, PageRequest request) {
        StringBuilder query = new StringBuilder("id < ?1");
        List<Object> parameters = new ArrayList<>();
        parameters.add(request.afterKey() == null ? Long.MAX_VALUE : request.afterKey());
        condition(query, parameters, "actor", filter.actor());
        condition(query, parameters, "operation", filter.operation());
        condition(query, parameters, "source", filter.source());
        condition(query, parameters, "outcome", filter.outcome());
        if (filter.from() != null) {
            parameters.add(filter.from());
            query.append(" and occurredAt >= ?").append(parameters.size());
        }
        if (filter.to() != null) {
            parameters.add(filter.to());
            query.append(" and occurredAt < ?").append(parameters.size());
        }
        query.append(" order by id desc");
        return find(query.toString(), parameters.toArray()).range(0, request.first()).list();
    }

    private static void condition(StringBuilder query, List<Object> parameters, String field, Object value) {
        if (value != null) {
            parameters.add(value);
            query.append(" and ").append(field).append(" = ?").append(parameters.size());
        }
    }
}
