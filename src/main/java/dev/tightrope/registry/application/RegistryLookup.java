package dev.tightrope.registry.application;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.registry.domain.AgentVersion;
import dev.tightrope.registry.persistence.AgentRepository;
import dev.tightrope.registry.persistence.AgentVersionEntity;
import dev.tightrope.registry.persistence.AgentVersionRepository;
import io.smallrye.mutiny.Uni;

/**
 * The registry as other features see it. Unlike {@link AgentService} and {@link VersionService}, these methods
 * open no session of their own: they run inside the caller's session or transaction, so a traffic change can check
 * an agent and its versions in the same transaction that changes the deployment.
 */
@ApplicationScoped
public class RegistryLookup {

    private final AgentRepository agents;
    private final AgentVersionRepository versions;

    RegistryLookup(AgentRepository agents, AgentVersionRepository versions) {
        this.agents = agents;
        this.versions = versions;
    }

    /** The agent's internal id; NOT_FOUND when there is no such agent. */
    public Uni<Long> agentId(String slug) {
        return agents.findBySlug(slug).onItem().ifNull().failWith(() -> AgentService.notFound(slug))
                .map(agent -> agent.id);
    }

    /** The internal ids of these agents, by slug; agents that do not exist are left out. */
    public Uni<java.util.Map<String, Long>> agentIds(java.util.Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return agents.list("slug in ?1", java.util.List.copyOf(slugs)).map(found -> found.stream()
                .collect(java.util.stream.Collectors.toMap(agent -> agent.slug, agent -> agent.id)));
    }

    public Uni<String> agentSlug(long agentId) {
        return agents.findById(agentId).map(agent -> agent == null ? null : agent.slug);
    }

    /**
     * The version with its five components; NOT_FOUND when the agent has no such version.
     *
     * @param agentSlug the agent's slug, for the error message
     */
    public Uni<AgentVersion> version(long agentId, String agentSlug, int number) {
        return versions.findByNumber(agentId, number)
                .onItem().ifNull().failWith(() -> TightropeException.notFound(
                        "Agent '" + agentSlug + "' has no version " + number))
                .map(AgentVersionEntity::toDomain);
    }

    /**
     * The highest version number of each of these agents, by slug; agents without versions, or that do not exist,
     * are left out. Versions are numbered 1, 2, 3 … and never deleted, so every number up to it exists.
     */
    public Uni<java.util.Map<String, Integer>> highestVersions(java.util.Collection<String> slugs) {
        return slugs.isEmpty() ? Uni.createFrom().item(java.util.Map.of()) : versions.highestNumbers(slugs);
    }

    /** Checks that the version exists without loading it; NOT_FOUND otherwise. */
    public Uni<Void> requireVersion(long agentId, String agentSlug, int number) {
        return versions.count("agent.id = ?1 and number = ?2", agentId, number)
                .invoke(count -> {
                    if (count == 0) {
                        throw TightropeException.notFound("Agent '" + agentSlug + "' has no version " + number);
                    }
                })
                .replaceWithVoid();
    }
}
