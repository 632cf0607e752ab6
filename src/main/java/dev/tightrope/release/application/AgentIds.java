package dev.tightrope.release.application;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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
    private final Cache<String, Long> ids = Caffeine.newBuilder().maximumSize(MAX_CACHED_AGENTS).build();

    AgentIds(Sessions sessions, RegistryLookup registry) {
        this.sessions = sessions;
        this.registry = registry;
    }

    public Uni<Long> of(String slug) {
        Long known = ids.getIfPresent(slug);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return sessions.read(() -> registry.agentId(slug)).invoke(id -> remember(slug, id));
    }

    /** Remembers an agent's id, known from elsewhere (a slug and its id never change). */
    void remember(String slug, long id) {
        ids.put(slug, id);
    }
}
