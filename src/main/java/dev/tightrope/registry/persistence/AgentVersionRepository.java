package dev.tightrope.registry.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * Agent versions with their agent and five components fetched in the same query (Hibernate Reactive does not load
 * lazily on access).
 */
@ApplicationScoped
public class AgentVersionRepository implements PanacheRepositoryBase<AgentVersionEntity, Long> {

    private static final String WITH_COMPONENTS = "from AgentVersionEntity v join fetch v.agent "
            + "join fetch v.prompt join fetch v.model join fetch v.tools join fetch v.guardrails "
            + "join fetch v.knowledgeBase ";

    public Uni<AgentVersionEntity> findByNumber(long agentId, int number) {
        return find(WITH_COMPONENTS + "where v.agent.id = ?1 and v.number = ?2", agentId, number).firstResult();
    }

    public Uni<AgentVersionEntity> findLatest(long agentId) {
        return find(WITH_COMPONENTS + "where v.agent.id = ?1 order by v.number desc", agentId).firstResult();
    }

    /** Next version number; only correct while the agent row is locked (see AgentRepository#lockBySlug). */
    public Uni<Integer> nextNumber(long agentId) {
        return getSession().chain(session -> session
                .createSelectionQuery("select coalesce(max(v.number), 0) + 1 from AgentVersionEntity v "
                        + "where v.agent.id = ?1", Integer.class)
                .setParameter(1, agentId)
                .getSingleResult());
    }

    /** The highest version number of each of these agents that has versions, by slug. */
    public Uni<java.util.Map<String, Integer>> highestNumbers(java.util.Collection<String> slugs) {
        return getSession().chain(session -> session
                .createSelectionQuery("select v.agent.slug, max(v.number) from AgentVersionEntity v "
                        + "where v.agent.slug in ?1 group by v.agent.slug", Object[].class)
                .setParameter(1, List.copyOf(slugs))
                .getResultList())
                .map(rows -> {
                    java.util.Map<String, Integer> highest = new java.util.HashMap<>();
                    for (Object[] row : rows) {
                        highest.put((String) row[0], ((Number) row[1]).intValue());
                    }
                    return highest;
                });
    }

    /** One page, newest first, fetching one extra row to tell whether a next page exists. */
    public Uni<List<AgentVersionEntity>> page(long agentId, PageRequest request) {
        long before = request.afterKey() == null ? Integer.MAX_VALUE : request.afterKey();
        return find(WITH_COMPONENTS + "where v.agent.id = ?1 and v.number < ?2 order by v.number desc",
                agentId, (int) before)
                .range(0, request.first())
                .list();
    }
}
