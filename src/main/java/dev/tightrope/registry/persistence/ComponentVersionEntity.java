package dev.tightrope.registry.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.registry.domain.ComponentVersion;

/** Row of table {@code component_version}: immutable once inserted (a database trigger rejects changes). */
@Entity
@Table(name = "component_version")
public class ComponentVersionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "agent_id", nullable = false)
    public Long agentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ComponentKind kind;

    @Column(nullable = false)
    public int number;

    /** Canonical JSON text, the input of {@link #contentHash}. */
    @Column(nullable = false)
    public String content;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    public ComponentVersion toDomain() {
        return new ComponentVersion(kind, number, contentHash, content, createdAt, createdBy);
    }
}
