package dev.tightrope.release.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;

/** Row of table {@code deployment_event}: append-only (a database trigger rejects changes). */
@Entity
@Table(name = "deployment_event")
public class DeploymentEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "deployment_id", nullable = false)
    public Long deploymentId;

    @Column(nullable = false)
    public long generation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrafficChangeType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Trigger trigger;

    @Column(name = "from_version")
    public Integer fromVersion;

    @Column(name = "to_version")
    public Integer toVersion;

    @Column(name = "rollout_id")
    public Long rolloutId;

    @Column(name = "weight_before")
    public Integer weightBefore;

    @Column(name = "weight_after")
    public Integer weightAfter;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String reason;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;

    @Column(name = "committed_at", nullable = false)
    public Instant committedAt;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_fingerprint")
    public String requestFingerprint;
}
