package dev.tightrope.access.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tightrope.access.domain.ApiToken;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.domain.TokenScope;

/**
 * Row of table {@code api_token}. A database trigger keeps everything but {@code lastUsedAt} and a first
 * revocation unchangeable, and rows undeletable.
 */
@Entity
@Table(name = "api_token")
public class ApiTokenEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    /** SHA-256 (hex) of the secret; the secret itself is never stored. */
    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    @Column(nullable = false)
    public String prefix;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** The agents the token may act on, comma-separated patterns; {@code null}: every agent. */
    @Column(name = "agent_scope")
    public String agentScope;

    /** The environments the token may act on; {@code null}: every environment. */
    @Column(name = "environment_scope")
    public String environmentScope;

    public ApiToken toDomain() {
        return new ApiToken(id, name, role, prefix, createdAt, createdBy, expiresAt, revokedAt, revokedBy,
                lastUsedAt, TokenScope.stored(agentScope, environmentScope));
    }
}
