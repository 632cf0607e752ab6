package dev.tightrope.release.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code deployment}: where one agent's traffic in one environment goes. */
@Entity
@Table(name = "deployment")
public class DeploymentEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "agent_id", nullable = false)
    public Long agentId;

    @Column(nullable = false)
    public String environment;

    @Column(name = "stable_version")
    public Integer stableVersion;

    @Column(nullable = false)
    public long generation;

    @Column(name = "active_rollout_id")
    public Long activeRolloutId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The tools whose breaker is open or half-open, as {@link ToolGatesJson} writes them. */
    @Column(name = "tool_gates", nullable = false)
    public String toolGates = "{}";
}
