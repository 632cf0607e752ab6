package dev.tightrope.release.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Rollouts; a deployment points at its active one. */
@ApplicationScoped
public class RolloutRepository implements PanacheRepositoryBase<RolloutEntity, Long> {

    /** These rollouts, in one query. */
    public Uni<List<RolloutEntity>> listByIds(Collection<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", List.copyOf(ids));
    }
}
