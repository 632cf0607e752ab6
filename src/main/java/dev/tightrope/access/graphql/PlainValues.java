package dev.tightrope.access.graphql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Turns GraphQL argument values into plain Java values (maps, lists, strings, numbers, booleans, null) for audit
 * entries: values of the JSON scalar arrive as {@code jakarta.json} objects, whose fields must be visible to the
 * audit log's redaction instead of hiding inside one string.
 */
final class PlainValues {

    private PlainValues() {
    }

    static Map<String, Object> of(Map<String, ?> arguments) {
        Map<String, Object> plain = new LinkedHashMap<>();
        arguments.forEach((name, value) -> plain.put(name, value(value)));
        return plain;
    }

    private static Object value(Object value) {
        if (value instanceof JsonValue json) {
            return json(json);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((name, item) -> plain.put(String.valueOf(name), value(item)));
            return plain;
        }
        if (value instanceof Collection<?> items) {
            List<Object> plain = new ArrayList<>(items.size());
            items.forEach(item -> plain.add(value(item)));
            return plain;
        }
        return value;
    }

    private static Object json(JsonValue json) {
        return switch (json.getValueType()) {
            case OBJECT -> {
                Map<String, Object> plain = new LinkedHashMap<>();
                ((JsonObject) json).forEach((name, item) -> plain.put(name, json(item)));
                yield plain;
            }
            case ARRAY -> ((JsonArray) json).stream().map(PlainValues::json).toList();
            case STRING -> ((JsonString) json).getString();
            case NUMBER -> ((JsonNumber) json).numberValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }
}
