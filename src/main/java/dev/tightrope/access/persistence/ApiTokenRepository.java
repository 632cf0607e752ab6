package dev.tightrope.access.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.access.domain.Role;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** API tokens by secret hash and id; only last use and revocation are ever updated. */
@ApplicationScoped
public class ApiTokenRepository implements PanacheRepositoryBase<ApiTokenEntity, Long> {

    public Uni<ApiTokenEntity> findBySecretHash(String secretHash) {
        return find("secretHash", secretHash).firstResult();
    }

    public Uni<ApiTokenEntity> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<List<ApiTokenEntity>> findByIds(Collection<Long> ids) {
        return list("id in ?1", ids);
    }

    /** All tokens, oldest first. */
    public Uni<List<ApiTokenEntity>> listAll() {
        return list("order by id");
    }

    /** Revokes the token unless it already is; the number of rows changed (0 or 1). */
    public Uni<Integer> revoke(long id, Instant at, String by) {
        return update("revokedAt = ?1, revokedBy = ?2 where id = ?3 and revokedAt is null", at, by, id);
    }

    /** Moves the last use forward (never back, whatever order concurrent writes arrive in). */
    public Uni<Integer> touch(long id, Instant at) {
        return update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?1)", at, id);
    }

    /** Active tokens of the role, leaving out those created by {@code inProcessCreator}. */
    public Uni<Long> countActiveHeldByPeople(Role role, Instant now, String inProcessCreator) {
        return count("role = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2) "
                + "and (createdBy is null or createdBy <> ?3)", role, now, inProcessCreator);
    }

    /**
     * ADMIN tokens other than {@code excludedId} that could still administer everything after {@code lastsUntil}:
     * unrevoked, unscoped, not expiring before then, and held by people (not created by {@code inProcessCreator}).
     */
    public Uni<Long> countFullAdminsBesides(long excludedId, Instant lastsUntil, String inProcessCreator) {
        return count("id <> ?1 and role = ?2 and revokedAt is null and (expiresAt is null or expiresAt > ?3) "
                + "and (agentScope is null or agentScope = '') and (environmentScope is null or environmentScope = '') "
                + "and (createdBy is null or createdBy <> ?4)", excludedId, Role.ADMIN, lastsUntil, inProcessCreator);
    }

    /**
     * Inserts the token unless a token with the same secret or name exists; whether it was inserted. Safe when
     * several instances do it at once: the unique constraints decide, nobody fails.
     */
    public Uni<Boolean> insertIfAbsent(String name, Role role, String secretHash, String prefix, Instant createdAt,
            String createdBy) {
        return getSession().chain(session -> session.createNativeQuery("insert into api_token "
                + "(name, role, secret_hash, prefix, created_at, created_by) values (?1, ?2, ?3, ?4, ?5, ?6) "
                + "on conflict do nothing")
                .setParameter(1, name)
                .setParameter(2, role.name())
                .setParameter(3, secretHash)
                .setParameter(4, prefix)
                .setParameter(5, createdAt)
                .setParameter(6, createdBy)
                .executeUpdate())
                .map(count -> count > 0);
    }
}
