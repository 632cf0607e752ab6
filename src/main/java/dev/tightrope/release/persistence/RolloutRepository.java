package dev.tightrope.release.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Rollouts; a deployment points at its active one. */
@ApplicationScoped
public class RolloutRepository implements PanacheRepositoryBase<RolloutEntity, Long> {
}
