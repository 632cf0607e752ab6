package dev.tightrope.telemetry.application;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import io.smallrye.mutiny.Uni;

/**
 * Which versions of each agent exist, as far as outcomes need to know: an agent's versions are numbered 1, 2, 3 …
 * and never deleted, so remembering its highest number answers for every lower one. The highest is read again only
 * when an outcome names a higher version (one just created, or one that does not exist), all agents of a batch in
 * one query; so outcomes for a version nobody created are refused, and the usual batch costs no read at all.
 */
@ApplicationScoped
class KnownVersions {

    static final int MAX_REMEMBERED_AGENTS = 10_000;

    private final Sessions sessions;
    private final RegistryLookup registry;
    private final Cache<String, Integer> highest = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED_AGENTS).build();

    KnownVersions(Sessions sessions, RegistryLookup registry) {
        this.sessions = sessions;
        this.registry = registry;
    }

    /** Makes sure that, for each agent named, what {@link #exists} answers is known for the version named. */
    Uni<Void> learn(Map<String, Integer> highestNamed) {
        Set<String> unsure = highestNamed.entrySet().stream()
                .filter(named -> named.getValue() > known(named.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        if (unsure.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sessions.read(() -> registry.highestVersions(unsure))
                .invoke(read -> read.forEach((agent, number) -> highest.asMap().merge(agent, number, Math::max)))
                .replaceWithVoid();
    }

    /** Whether the agent has this version, as learnt; call {@link #learn} for it first. */
    boolean exists(String agent, int version) {
        return version >= 1 && version <= known(agent);
    }

    private int known(String agent) {
        Integer number = highest.getIfPresent(agent);
        return number == null ? 0 : number;
    }
}
