package dev.tightrope.registry.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * An immutable snapshot of an agent's complete behaviour ("Version 14"): exactly one component version of every
 * {@link ComponentKind}.
 *
 * @param parentNumber the version this one was based on, {@code null} for the first version
 * @param snapshotHash SHA-256 over the five component hashes (see {@link ContentHash#snapshot})
 */
public record AgentVersion(String agentSlug, int number, Integer parentNumber,
        Map<ComponentKind, ComponentVersion> components, String snapshotHash, String author, String message,
        Instant createdAt) {

    public AgentVersion {
        if (components.size() != ComponentKind.values().length) {
            throw new IllegalArgumentException("an agent version pins one component of every kind, got "
                    + components.keySet());
        }
        components = Collections.unmodifiableMap(new EnumMap<>(components));
    }

    public ComponentVersion component(ComponentKind kind) {
        return components.get(kind);
    }
}
