package dev.tightrope.release.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Deployments by agent and environment. */
@ApplicationScoped
public class DeploymentRepository implements PanacheRepositoryBase<DeploymentEntity, Long> {

    /**
     * Loads the deployment of this agent and environment, creating an empty one (generation 0) if needed, and locks
     * its row until the transaction ends. Every traffic change takes this lock first: concurrent changes of one
     * deployment queue on it, so each sees the state the previous one committed. If the change is refused, the
     * transaction rolls back and an empty deployment created here disappears with it.
     */
    public Uni<DeploymentEntity> lockOrCreate(long agentId, String environment, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(
                "insert into deployment (agent_id, environment, generation, updated_at) values (?1, ?2, 0, ?3) "
                        + "on conflict (agent_id, environment) do nothing")
                .setParameter(1, agentId)
                .setParameter(2, environment)
                .setParameter(3, now)
                .executeUpdate())
                .chain(() -> find("agentId = ?1 and environment = ?2", agentId, environment)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult());
    }

    public Uni<DeploymentEntity> find(long agentId, String environment) {
        return find("agentId = ?1 and environment = ?2 and generation > 0", agentId, environment).firstResult();
    }

    public Uni<List<DeploymentEntity>> listByAgent(long agentId) {
        return list("agentId = ?1 and generation > 0 order by environment", agentId);
    }

    public Uni<List<DeploymentEntity>> listAll() {
        return list("generation > 0 order by id");
    }
}
