package dev.tightrope.release.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.release.domain.TrafficChangeType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The append-only event history of deployments. */
@ApplicationScoped
public class DeploymentEventRepository implements PanacheRepositoryBase<DeploymentEventEntity, Long> {

    public Uni<DeploymentEventEntity> findByGeneration(long deploymentId, long generation) {
        return find("deploymentId = ?1 and generation = ?2", deploymentId, generation).firstResult();
    }

    /**
     * Whether {@code version} was ever the stable version of this deployment: deployed, promoted or rolled back to
     * (a canary's rollback names the stable version it returned to, which was stable already).
     */
    public Uni<Boolean> wasStable(long deploymentId, int version) {
        return count("deploymentId = ?1 and toVersion = ?2 and type in ?3", deploymentId, version,
                List.of(TrafficChangeType.DEPLOYED, TrafficChangeType.PROMOTED, TrafficChangeType.ROLLED_BACK))
                .map(found -> found > 0);
    }

    /** Events with a generation in (after, upTo], oldest first. */
    public Uni<List<DeploymentEventEntity>> between(long deploymentId, long after, long upTo) {
        return list("deploymentId = ?1 and generation > ?2 and generation <= ?3 order by generation",
                deploymentId, after, upTo);
    }

    /**
     * The same page of each of these deployments' histories, in two queries whatever their number (the newest
     * {@code request.first() + 1} rows of each, ranked in PostgreSQL); by deployment, then newest first.
     */
    public Uni<List<DeploymentEventEntity>> pages(Collection<Long> deploymentIds, PageRequest request) {
        if (deploymentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        long before = request.afterKey() == null ? Long.MAX_VALUE : request.afterKey();
        return Panache.getSession().chain(session -> session.createNativeQuery("select id from (select id, "
                        + "row_number() over (partition by deployment_id order by generation desc) as newest "
                        + "from deployment_event where deployment_id in (?1) and generation < ?2) ranked "
                        + "where newest <= ?3", Long.class)
                .setParameter(1, List.copyOf(deploymentIds)).setParameter(2, before)
                .setParameter(3, request.first() + 1)
                .getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<DeploymentEventEntity>of())
                        : list("id in ?1 order by deploymentId, generation desc", ids));
    }

    /** One page, newest first, fetching one extra row to tell whether a next page exists. */
    public Uni<List<DeploymentEventEntity>> page(long deploymentId, PageRequest request) {
        long before = request.afterKey() == null ? Long.MAX_VALUE : request.afterKey();
        return find("deploymentId = ?1 and generation < ?2 order by generation desc", deploymentId, before)
                .range(0, request.first()).list();
    }
}
