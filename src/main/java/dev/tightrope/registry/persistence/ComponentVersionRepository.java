package dev.tightrope.registry.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.domain.ComponentKind;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Component versions of one agent and kind, newest first. */
@ApplicationScoped
public class ComponentVersionRepository implements PanacheRepositoryBase<ComponentVersionEntity, Long> {

    public Uni<ComponentVersionEntity> findByHash(long agentId, ComponentKind kind, String hash) {
        return find("agentId = ?1 and kind = ?2 and contentHash = ?3", agentId, kind, hash).firstResult();
    }

    /** Next number of this kind; only correct while the agent row is locked (see AgentRepository#lockBySlug). */
    public Uni<Integer> nextNumber(long agentId, ComponentKind kind) {
        return getSession().chain(session -> session
                .createSelectionQuery("select coalesce(max(c.number), 0) + 1 from ComponentVersionEntity c "
                        + "where c.agentId = ?1 and c.kind = ?2", Integer.class)
                .setParameter(1, agentId)
                .setParameter(2, kind)
                .getSingleResult());
    }

    /** One page, newest first, fetching one extra row to tell whether a next page exists. */
    public Uni<List<ComponentVersionEntity>> page(long agentId, ComponentKind kind, PageRequest request) {
        long before = request.afterKey() == null ? Integer.MAX_VALUE : request.afterKey();
        return find("agentId = ?1 and kind = ?2 and number < ?3 order by number desc", agentId, kind, (int) before)
                .range(0, request.first())
                .list();
    }
}
