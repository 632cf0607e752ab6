package dev.tightrope.registry.graphql;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import dev.tightrope.registry.domain.JsonParser;

/** Converts between the GraphQL {@code JSON} scalar (JSON-P values) and the domain's plain-Java JSON model. */
public final class JsonValues {

    private JsonValues() {
    }

    /** The domain model of a JSON scalar argument; {@code null} stays {@code null}. */
    public static Object toDomain(JsonValue value) {
        return value == null ? null : JsonParser.parse(value.toString());
    }

    /** A JSON scalar result from stored JSON text. */
    public static JsonValue fromText(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
