package dev.tightrope.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the generator needs to know of the live schema, read from the answer to {@code introspection.graphql}: the
 * fields of input types with their types, enum values, and the arguments of the root fields. Immutable, so the
 * generator stays a pure function of its seed; {@link #empty()} lets it run without a server (unit tests).
 */
public record SchemaModel(Map<String, Map<String, String>> inputFields, Map<String, List<String>> enumValues,
        Map<String, Map<String, String>> rootArguments) {

    public static SchemaModel empty() {
        return new SchemaModel(Map.of(), Map.of(), Map.of());
    }

    /** Reads {@code data.__schema} of an introspection answer. */
    public static SchemaModel fromIntrospection(JsonObject schema) {
        Map<String, Map<String, String>> inputs = new LinkedHashMap<>();
        Map<String, List<String>> enums = new LinkedHashMap<>();
        Map<String, Map<String, String>> roots = new LinkedHashMap<>();
        List<String> rootTypes = List.of(name(schema.getJsonObject("queryType")),
                name(schema.getJsonObject("mutationType")), name(schema.getJsonObject("subscriptionType")));
        for (Object item : schema.getJsonArray("types")) {
            JsonObject type = (JsonObject) item;
            String name = type.getString("name");
            if ("INPUT_OBJECT".equals(type.getString("kind"))) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (Object field : type.getJsonArray("inputFields", new JsonArray())) {
                    JsonObject f = (JsonObject) field;
                    fields.put(f.getString("name"), render(f.getJsonObject("type")));
                }
                inputs.put(name, Map.copyOf(fields));
            } else if ("ENUM".equals(type.getString("kind"))) {
                enums.put(name, type.getJsonArray("enumValues").stream()
                        .map(v -> ((JsonObject) v).getString("name")).toList());
            } else if (rootTypes.contains(name)) {
                for (Object field : type.getJsonArray("fields", new JsonArray())) {
                    JsonObject f = (JsonObject) field;
                    Map<String, String> args = new LinkedHashMap<>();
                    for (Object arg : f.getJsonArray("args", new JsonArray())) {
                        JsonObject a = (JsonObject) arg;
                        args.put(a.getString("name"), render(a.getJsonObject("type")));
                    }
                    roots.put(f.getString("name"), Map.copyOf(args));
                }
            }
        }
        return new SchemaModel(Map.copyOf(inputs), Map.copyOf(enums), Map.copyOf(roots));
    }

    private static String name(JsonObject type) {
        return type == null ? "" : type.getString("name");
    }

    /** A type reference as written in a document: {@code Int!}, {@code [String!]}, {@code CreateAgentInput!}. */
    static String render(JsonObject type) {
        if (type == null) {
            return "";
        }
        return switch (type.getString("kind")) {
            case "NON_NULL" -> render(type.getJsonObject("ofType")) + "!";
            case "LIST" -> "[" + render(type.getJsonObject("ofType")) + "]";
            default -> type.getString("name");
        };
    }
}
