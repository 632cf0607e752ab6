package dev.tightrope.registry.application;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.registry.domain.ComponentKind;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The registry's meters, registered in one place at startup (so they show in /q/metrics before first use). */
@Startup
@ApplicationScoped
public class RegistryMetrics {

    private final Counter agentsCreated;
    private final Counter versionsCreated;
    private final Map<ComponentKind, Counter> componentVersionsCreated = new EnumMap<>(ComponentKind.class);

    RegistryMetrics(MeterRegistry registry) {
        agentsCreated = Counter.builder("tightrope.agents.created")
                .description("Agents registered")
                .register(registry);
        versionsCreated = Counter.builder("tightrope.versions.created")
                .description("Agent versions created (immutable snapshots of all five components)")
                .register(registry);
        for (ComponentKind kind : ComponentKind.values()) {
            componentVersionsCreated.put(kind, Counter.builder("tightrope.component.versions.created")
                    .description("New component versions created; identical content reuses a version and is not counted")
                    .tag("kind", kind.name())
                    .register(registry));
        }
    }

    void agentCreated() {
        agentsCreated.increment();
    }

    void versionCreated() {
        versionsCreated.increment();
    }

    void componentVersionCreated(ComponentKind kind) {
        componentVersionsCreated.get(kind).increment();
    }
}
