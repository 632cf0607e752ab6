package dev.tightrope.release.application;

import java.util.EnumMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import dev.tightrope.registry.domain.AgentVersion;
import dev.tightrope.registry.domain.ComponentKind;

/**
 * The complete configuration of one agent version as runtimes receive it, with the component contents parsed once
 * when the routing table is built (JSON-P values are immutable, so every request shares them), and their JSON text
 * written once too, for answers that copy it as it is.
 */
public record VersionConfig(int number, String snapshotHash, Map<ComponentKind, JsonValue> components,
        Map<ComponentKind, String> componentJson) {

    public VersionConfig(int number, String snapshotHash, Map<ComponentKind, JsonValue> components) {
        this(number, snapshotHash, components, texts(components));
    }

    private static Map<ComponentKind, String> texts(Map<ComponentKind, JsonValue> components) {
        Map<ComponentKind, String> texts = new EnumMap<>(ComponentKind.class);
        components.forEach((kind, value) -> texts.put(kind, value.toString()));
        return Map.copyOf(texts);
    }

    public static VersionConfig of(AgentVersion version) {
        Map<ComponentKind, JsonValue> parsed = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            try (JsonReader reader = Json.createReader(new java.io.StringReader(version.component(kind).content()))) {
                parsed.put(kind, reader.readValue());
            }
        }
        return new VersionConfig(version.number(), version.snapshotHash(), Map.copyOf(parsed));
    }

    public JsonValue component(ComponentKind kind) {
        return components.get(kind);
    }

    /** The component's content as compact JSON text. */
    public String componentJson(ComponentKind kind) {
        return componentJson.get(kind);
    }
}
