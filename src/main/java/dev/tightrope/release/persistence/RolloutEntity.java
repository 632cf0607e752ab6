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

import dev.tightrope.release.domain.Rollout;
import dev.tightrope.release.domain.RolloutStatus;

/** Row of table {@code rollout}. */
@Entity
@Table(name = "rollout")
public class RolloutEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "deployment_id", nullable = false)
    public Long deploymentId;

    @Column(name = "agent_id", nullable = false)
    public Long agentId;

    @Column(name = "canary_version", nullable = false)
    public int canaryVersion;

    @Column(name = "baseline_version", nullable = false)
    public int baselineVersion;

    @Column(nullable = false)
    public int weight;

    @Column(nullable = false)
    public String salt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RolloutStatus status;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    public Rollout toDomain() {
        return new Rollout(id, canaryVersion, baselineVersion, weight, salt, status);
    }
}
