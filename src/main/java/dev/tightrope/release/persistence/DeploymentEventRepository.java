package dev.tightrope.release.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The append-only event history of deployments. */
@ApplicationScoped
public class DeploymentEventRepository implements PanacheRepositoryBase<DeploymentEventEntity, Long> {

    public Uni<DeploymentEventEntity> findByGeneration(long deploymentId, long generation) {
        return find("deploymentId = ?1 and generation = ?2", deploymentId, generation).firstResult();
    }

    /** Events with a generation in (after, upTo], oldest first. */
    public Uni<List<DeploymentEventEntity>> between(long deploymentId, long after, long upTo) {
        return list("deploymentId = ?1 and generation > ?2 and generation <= ?3 order by generation",
                deploymentId, after, upTo);
    }

    /** One page, newest first, fetching one extra row to tell whether a next page exists. */
    public Uni<List<DeploymentEventEntity>> page(long deploymentId, PageRequest request) {
        long before = request.afterKey() == null ? Long.MAX_VALUE : request.afterKey();
        return find("deploymentId = ?1 and generation < ?2 order by generation desc", deploymentId, before)
                .range(0, request.first()).list();
    }
}
