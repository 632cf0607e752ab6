package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.Differential;
import dev.tightrope.fuzz.FuzzCase.Expect;
import dev.tightrope.fuzz.FuzzCase.HttpCall;

/**
 * Route queries for the differential check: plain documents the fast path takes (field subsets, aliases, literals
 * or variables, odd routing keys) and near misses it must leave to the engine (a field twice, a fragment, a
 * variable of another type, an unknown agent). Each is paired with the same request in a form the fast path never
 * takes — an {@code extensions} member in the body, or {@code @include(if: true)} on the field — and both answers
 * must be equal. A non-empty routing key is always given, so that the arm is decided by the key and not by chance.
 */
final class RouteDocuments {

    private static final List<String> FIELDS = List.of("version", "arm", "generation", "rolloutId", "snapshotHash",
            "prompt", "model", "tools", "guardrails", "knowledgeBase", "disabledTools", "__typename");

    /** Where the engine form puts its directive. */
    private static final String SLOT = "\u0001directive\u0001";

    private static final String INCLUDE = "@include(if: true) ";

    private final Random random;
    private final FuzzWorld world;
    private boolean plain;

    RouteDocuments(Random random, FuzzWorld world) {
        this.random = random;
        this.world = world;
    }

    FuzzCase next(int n) {
        List<String> kind = new ArrayList<>();
        // half the documents are plain, the fast path's shape: a comparison of both paths rather than of the engine
        // with itself
        plain = random.nextBoolean();
        String agent = plain ? world.agent() : pick(List.of(world.agent(), world.unknownAgent(), ""));
        String environment = plain ? world.environment() : pick(List.of(world.environment(),
                world.emptyEnvironment(), "PRODUCTION"));
        String key = random.nextInt(4) == 0 ? Mutations.weirdString(random) : "user-" + random.nextInt(1000);
        if (key.isEmpty()) {
            key = "user-empty"; // an empty key is no key: the arm is then chosen at random, on both paths
        }
        if (!agent.equals(world.agent()) || !environment.equals(world.environment())) {
            kind.add("agent=" + agent + " env=" + environment);
        }
        kind.add("key=" + Mutations.describe(key));
        String selection = selection(kind);
        Map<String, Object> variables = JsonText.object();
        String arguments;
        String header;
        boolean named = random.nextBoolean();
        int style = random.nextInt(4);
        if (style == 0) {
            kind.add("literals");
            arguments = "agent: " + literal(agent) + ", environment: " + literal(environment) + ", routingKey: "
                    + literal(key);
            header = named ? "query FzRoute" : "";
        } else {
            String keyType = !plain && random.nextInt(4) == 0 ? "ID" : "String";
            header = (named ? "query FzRoute" : "query") + "($a: String!, $e: String!, $k: " + keyType + ")";
            arguments = "agent: $a, environment: $e, routingKey: $k";
            variables.put("a", agent);
            variables.put("e", environment);
            Object keyValue = key;
            if (!plain && random.nextInt(4) == 0) {
                keyValue = Mutations.pick(random, Mutations.NOT_STRINGS).value();
                kind.add("key-not-a-string");
            }
            if (!keyType.equals("String")) {
                kind.add("key-declared-" + keyType);
            }
            variables.put("k", keyValue);
        }
        String alias = random.nextInt(4) == 0 ? "r: " : "";
        boolean viaExtensions = random.nextBoolean();
        String document = header + " { " + alias + "route(" + arguments + ") " + SLOT + selection + " }";
        Map<String, Object> body = JsonText.object();
        // the plain form keeps the directive's width in spaces, so error locations are the same in both forms
        body.put("query", document.replace(SLOT, " ".repeat(INCLUDE.length())));
        body.put("variables", variables);
        if (named && random.nextBoolean()) {
            body.put("operationName", "FzRoute");
            kind.add("operationName");
        }
        Map<String, Object> engine = JsonText.object();
        engine.putAll(body);
        if (viaExtensions) {
            engine.put("extensions", Map.of());
            kind.add("engine-by-extensions");
        } else {
            engine.put("query", document.replace(SLOT, INCLUDE));
            kind.add("engine-by-include");
        }
        Auth auth = random.nextInt(4) == 0 ? Auth.ADMIN : Auth.RUNTIME;
        HttpCall call = HttpCall.graphql(auth, JsonText.write(body)).withEngineBody(JsonText.write(engine));
        return new FuzzCase(n, "route-differential:" + String.join(" ", kind), Expect.ANY, false,
                Differential.ROUTE, call, null);
    }

    /** A selection of route's fields: a random subset, some aliased, sometimes a near miss for the fast path. */
    private String selection(List<String> kind) {
        List<String> fields = DocumentMutations.shuffled(random, FIELDS).subList(0, 1 + random.nextInt(FIELDS.size()));
        StringBuilder out = new StringBuilder("{");
        for (String field : fields) {
            out.append(' ');
            if (random.nextInt(5) == 0) {
                out.append("fz_").append(field).append(": ");
            }
            out.append(field);
        }
        switch (plain ? -1 : random.nextInt(4)) {
            case 0 -> {
                out.append(' ').append(fields.get(0));
                kind.add("field-twice");
            }
            case 1 -> {
                out.append(" ... on RouteDecision { version }");
                kind.add("inline-fragment");
            }
            case 2 -> {
                out.append(" colour");
                kind.add("unknown-field");
            }
            default -> {
                // plain: the fast path's shape
            }
        }
        return out.append(" }").toString();
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A GraphQL string literal. */
    static String literal(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
