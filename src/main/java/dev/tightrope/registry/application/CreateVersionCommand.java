package dev.tightrope.registry.application;

import java.util.Map;

import dev.tightrope.registry.domain.ComponentKind;

/**
 * Input of {@link VersionService#create}.
 *
 * @param baseVersion the version whose components are inherited; {@code null} for the latest
 * @param components  only the components that change, as parsed JSON (see {@code JsonParser})
 */
public record CreateVersionCommand(String agent, Integer baseVersion, Map<ComponentKind, Object> components,
        String message) {
}
