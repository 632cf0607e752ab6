package dev.tightrope.registry.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.tightrope.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Agents by slug and in creation order. */
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<AgentEntity, Long> {

    public Uni<AgentEntity> findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }

    /**
     * Loads the agent and locks its row until the transaction ends. Every write that numbers something of this agent
     * (versions, component versions) takes this lock first, which is what keeps version numbers gap-free and unique
     * under concurrent writers: they queue on the row instead of racing for the same number.
     */
    public Uni<AgentEntity> lockBySlug(String slug) {
        return find("slug", slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** One page in creation order, fetching one extra row to tell whether a next page exists. */
    public Uni<List<AgentEntity>> page(PageRequest request) {
        long after = request.afterKey() == null ? 0 : request.afterKey();
        return find("id > ?1 order by id", after).range(0, request.first()).list();
    }
}
