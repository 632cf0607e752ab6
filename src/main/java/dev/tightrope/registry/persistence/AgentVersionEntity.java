package dev.tightrope.registry.persistence;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import dev.tightrope.registry.domain.AgentVersion;
import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.registry.domain.ComponentVersion;

/**
 * Row of table {@code agent_version}: one component version of every kind, immutable once inserted. The
 * {@code *_kind} columns of the table are constants that only serve its typed foreign keys; they are not mapped.
 */
@Entity
@Table(name = "agent_version")
public class AgentVersionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "agent_id", nullable = false)
    public AgentEntity agent;

    @Column(nullable = false)
    public int number;

    @Column(name = "parent_number")
    public Integer parentNumber;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "prompt_id", nullable = false)
    public ComponentVersionEntity prompt;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "model_id", nullable = false)
    public ComponentVersionEntity model;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "tools_id", nullable = false)
    public ComponentVersionEntity tools;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "guardrails_id", nullable = false)
    public ComponentVersionEntity guardrails;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "knowledge_base_id", nullable = false)
    public ComponentVersionEntity knowledgeBase;

    @Column(name = "snapshot_hash", nullable = false)
    public String snapshotHash;

    @Column(nullable = false)
    public String author;

    @Column(nullable = false)
    public String message;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public ComponentVersionEntity component(ComponentKind kind) {
        return switch (kind) {
            case PROMPT -> prompt;
            case MODEL -> model;
            case TOOLS -> tools;
            case GUARDRAILS -> guardrails;
            case KNOWLEDGE_BASE -> knowledgeBase;
        };
    }

    public void setComponent(ComponentKind kind, ComponentVersionEntity component) {
        switch (kind) {
            case PROMPT -> prompt = component;
            case MODEL -> model = component;
            case TOOLS -> tools = component;
            case GUARDRAILS -> guardrails = component;
            case KNOWLEDGE_BASE -> knowledgeBase = component;
        }
    }

    /** Requires the agent and the five components to be fetched (see {@link AgentVersionRepository}). */
    public AgentVersion toDomain() {
        Map<ComponentKind, ComponentVersion> components = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            components.put(kind, component(kind).toDomain());
        }
        return new AgentVersion(agent.slug, number, parentNumber, components, snapshotHash, author, message,
                createdAt);
    }
}
