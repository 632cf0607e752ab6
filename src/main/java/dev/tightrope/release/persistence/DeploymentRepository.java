package dev.tightrope.release.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Deployments by agent and environment. */
@ApplicationScoped
public class DeploymentRepository implements PanacheRepositoryBase<DeploymentEntity, Long> {

    public Uni<DeploymentEntity> find(long agentId, String environment) {
        return find("agentId = ?1 and environment = ?2 and generation > 0", agentId, environment).firstResult();
    }

    public Uni<List<DeploymentEntity>> listByAgent(long agentId) {
        return list("agentId = ?1 and generation > 0 order by environment", agentId);
    }

    /** The deployments of these agents, by agent and environment. */
    public Uni<List<DeploymentEntity>> listByAgents(Collection<Long> agentIds) {
        return agentIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("agentId in ?1 and generation > 0 order by agentId, environment", List.copyOf(agentIds));
    }

    public Uni<List<DeploymentEntity>> listAll() {
        return list("generation > 0 order by id");
    }
}
