package dev.tightrope.release.application;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import io.smallrye.mutiny.Uni;

/**
 * Agent ids by slug, remembered: agents are never renamed or deleted, so the hot write paths (traffic changes,
 * acknowledgements) need not look them up every time. An unknown slug fails with the registry's NOT_FOUND. The
 * routing tables hand over every agent they load ({@link #remember}), so after start-up the first change of a deployed
 * agent does not wait for a lookup either.
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
        return sessions.read(() -> registry.agentId(slug)).invoke(id -> remember(slug, id));
    }

    /** Remembers an agent's id, known from elsewhere (a slug and its id never change). */
    void remember(String slug, long id) {
        if (ids.size() >= MAX_CACHED_AGENTS && !ids.containsKey(slug)) {
            ids.clear();
        }
        ids.put(slug, id);
    }
}
