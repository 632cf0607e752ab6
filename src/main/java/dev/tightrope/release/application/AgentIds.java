package dev.tightrope.release.application;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import io.smallrye.mutiny.Uni;

/**
 * Agent ids by slug, remembered: agents are never renamed or deleted, so the hot write paths (traffic changes,
 * acknowledgements) need not look them up every time. An unknown slug fails with the registry's NOT_FOUND.
 */
@ApplicationScoped
public class AgentIds {

    static final int MAX_CACHED_AGENTS = 10_000;

    private final Sessions sessions;
    private final RegistryLookup registry;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    AgentIds(Sessions sessions, RegistryLookup registry) {
        this.sessions = sessions;
        this.registry = registry;
    }

    public Uni<Long> of(String slug) {
        Long known = ids.get(slug);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return sessions.read(() -> registry.agentId(slug)).invoke(id -> {
            if (ids.size() >= MAX_CACHED_AGENTS) {
                ids.clear();
            }
            ids.put(slug, id);
        });
    }
}
