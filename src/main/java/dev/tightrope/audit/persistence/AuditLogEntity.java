package dev.tightrope.audit.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.audit.domain.AuditSource;

/** Row of table {@code audit_log}: append-only (database triggers reject UPDATE, DELETE and TRUNCATE). */
@Entity
@Table(name = "audit_log")
public class AuditLogEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String actor;

    @Column(name = "token_id")
    public Long tokenId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AuditSource source;

    @Column(nullable = false)
    public String operation;

    /** The redacted arguments as a JSON object text. */
    @Column(nullable = false)
    public String arguments;

    @Column(nullable = false)
    public String outcome;

    public AuditRecord toDomain() {
        return new AuditRecord(id, occurredAt, actor, tokenId, source, operation, arguments, outcome);
    }
}
