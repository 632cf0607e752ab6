package dev.tightrope.access.graphql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The operations of the live schema, read from an introspection result, and a valid call document for each: every
 * required argument gets a value of its type (strings are fresh slugs that name nothing, so calls that pass the
 * access check end in NOT_FOUND or create something harmless), and object results select {@code __typename}.
 */
final class SchemaOperations {

    /** One root field, with a document and variables that call it. */
    record Call(String type, String name, String document, Map<String, Object> variables) {
        String key() {
            return type + "." + name;
        }
    }

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Map<String, JsonObject> types = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    /**
     * @param schema    {@code data.__schema} of introspection.graphql
     * @param overrides values for arguments by name (e.g. the agent of subscriptions), else generated
     */
    SchemaOperations(JsonObject schema, Map<String, Function<String, Object>> overrides) {
        for (Object type : schema.getJsonArray("types")) {
            JsonObject definition = (JsonObject) type;
            types.put(definition.getString("name"), definition);
        }
        root(schema, "queryType", "query", overrides);
        root(schema, "mutationType", "mutation", overrides);
        root(schema, "subscriptionType", "subscription", overrides);
    }

    List<Call> calls() {
        return calls;
    }

    private void root(JsonObject schema, String key, String keyword, Map<String, Function<String, Object>> overrides) {
        JsonObject root = schema.getJsonObject(key);
        if (root == null) {
            return;
        }
        String typeName = root.getString("name");
        for (Object field : types.get(typeName).getJsonArray("fields")) {
            calls.add(call(typeName, keyword, (JsonObject) field, overrides));
        }
    }

    private Call call(String typeName, String keyword, JsonObject field, Map<String, Function<String, Object>> overrides) {
        String name = field.getString("name");
        List<String> declarations = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Object item : field.getJsonArray("args")) {
            JsonObject argument = (JsonObject) item;
            JsonObject type = argument.getJsonObject("type");
            if (!"NON_NULL".equals(type.getString("kind"))) {
                continue;
            }
            String argumentName = argument.getString("name");
            declarations.add("$" + argumentName + ": " + render(type));
            arguments.add(argumentName + ": $" + argumentName);
            Function<String, Object> override = overrides.get(argumentName);
            variables.put(argumentName, override != null ? override.apply(name) : value(type, argumentName));
        }
        String selection = isComposite(field.getJsonObject("type")) ? " { __typename }" : "";
        String document = keyword + " Call" + (declarations.isEmpty() ? "" : "(" + String.join(", ", declarations)
                + ")") + " { " + name + (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")")
                + selection + " }";
        return new Call(typeName, name, document, variables);
    }

    private static String render(JsonObject type) {
        return switch (type.getString("kind")) {
            case "NON_NULL" -> render(type.getJsonObject("ofType")) + "!";
            case "LIST" -> "[" + render(type.getJsonObject("ofType")) + "]";
            default -> type.getString("name");
        };
    }

    private boolean isComposite(JsonObject type) {
        JsonObject named = type;
        while (named.getString("name") == null) {
            named = named.getJsonObject("ofType");
        }
        String kind = named.getString("kind");
        return kind.equals("OBJECT") || kind.equals("INTERFACE") || kind.equals("UNION");
    }

    private Object value(JsonObject type, String argumentName) {
        return switch (type.getString("kind")) {
            case "NON_NULL" -> value(type.getJsonObject("ofType"), argumentName);
            case "LIST" -> List.of();
            case "ENUM" -> ((JsonObject) types.get(type.getString("name")).getJsonArray("enumValues").getValue(0))
                    .getString("name");
            case "INPUT_OBJECT" -> input(types.get(type.getString("name")));
            default -> scalar(type.getString("name"));
        };
    }

    private Map<String, Object> input(JsonObject definition) {
        Map<String, Object> value = new LinkedHashMap<>();
        JsonArray fields = definition.getJsonArray("inputFields");
        for (Object item : fields) {
            JsonObject field = (JsonObject) item;
            if ("NON_NULL".equals(field.getJsonObject("type").getString("kind"))) {
                value.put(field.getString("name"), value(field.getJsonObject("type"), field.getString("name")));
            }
        }
        return value;
    }

    private static Object scalar(String name) {
        return switch (name) {
            case "Int", "BigInteger", "Long", "Short" -> 1;
            case "Float", "BigDecimal" -> 1.0;
            case "Boolean" -> false;
            case "ID" -> "999999999";
            case "DateTime" -> Instant.now().plus(1, ChronoUnit.DAYS).toString();
            case "JSON" -> Map.of();
            default -> "matrix-" + System.nanoTime() % 100_000 + "-" + SEQUENCE.incrementAndGet();
        };
    }
}
