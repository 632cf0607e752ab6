package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.Differential;
import dev.tightrope.fuzz.FuzzCase.Expect;
import dev.tightrope.fuzz.FuzzCase.HttpCall;
import dev.tightrope.fuzz.Mutations.Candidate;
import dev.tightrope.fuzz.Mutations.Validity;
import dev.tightrope.fuzz.TestDocuments.TestDocument;
import dev.tightrope.fuzz.TestDocuments.Variable;

/**
 * The fuzz case generator: a pure function of a seed, the world's names, the test documents and the schema. Each
 * {@link #next()} draws a family of damage (variables, documents, body shapes, transport, route differential,
 * WebSocket, Slack) and one case of it. It sends nothing and reads no clock, so a seed replays exactly, and
 * {@code FuzzCasesTest} can check it without a server.
 */
public final class FuzzCases {

    private final Random random;
    private final FuzzWorld world;
    private final List<TestDocument> documents;
    private final SchemaModel schema;
    private final DocumentMutations documentMutations;
    private final TransportCases transport;
    private final SocketCases sockets;
    private final BodyShapes bodies;
    private int number;

    public FuzzCases(long seed, FuzzWorld world, List<TestDocument> documents, SchemaModel schema) {
        this.random = new Random(seed);
        this.world = world;
        this.documents = documents.stream().filter(d -> !d.operation().equals("subscription")).toList();
        this.schema = schema;
        this.documentMutations = new DocumentMutations(random, world);
        this.transport = new TransportCases(random, world);
        this.sockets = new SocketCases(random, world, documents, schema);
        this.bodies = new BodyShapes(random, world, this.documents);
    }

    /** The next case. */
    public FuzzCase next() {
        int n = ++number;
        int family = random.nextInt(100);
        if (family < 30) {
            return variableCase(n);
        } else if (family < 38) {
            return missingOrExtraVariables(n);
        } else if (family < 56) {
            return documentMutations.next(n, pickDocument());
        } else if (family < 66) {
            return bodies.next(n, pickDocument());
        } else if (family < 72) {
            return transport.next(n, pickDocument());
        } else if (family < 80) {
            return documentMutations.routeDifferential(n);
        } else if (family < 93) {
            return sockets.next(n);
        }
        return transport.slack(n);
    }

    private TestDocument pickDocument() {
        return documents.get(random.nextInt(documents.size()));
    }

    /** One variable (or one field of an input variable) replaced by an extreme or wrongly typed value. */
    private FuzzCase variableCase(int n) {
        TestDocument document = pickDocumentWithVariables();
        Map<String, Object> variables = new HashMap<>(world.validVariables(document.name(), n));
        Variable variable = document.variables().get(random.nextInt(document.variables().size()));
        Candidate candidate;
        String where = variable.name();
        Map<String, String> inputFields = schema.inputFields().get(variable.baseType());
        boolean guarded = FuzzWorld.GUARDED.contains(document.name());
        if (guarded) {
            String text = Mutations.weirdString(random);
            candidate = random.nextBoolean() ? new Candidate(text, Mutations.describe(text), Validity.UNKNOWN)
                    : Mutations.pick(random, List.of(new Candidate(true, "true", Validity.INVALID),
                            new Candidate(List.of(), "[]", Validity.INVALID),
                            new Candidate(Map.of(), "{}", Validity.INVALID)));
        } else if (inputFields != null && !inputFields.isEmpty() && variables.get(variable.name()) instanceof Map<?, ?> map
                && random.nextBoolean()) {
            List<String> names = new ArrayList<>(inputFields.keySet());
            String field = names.get(random.nextInt(names.size()));
            candidate = Mutations.forType(random, inputFields.get(field), schema, null);
            Map<String, Object> input = JsonText.object();
            map.forEach((k, v) -> input.put((String) k, v));
            input.put(field, candidate.value());
            variables.put(variable.name(), input);
            where = variable.name() + "." + field;
        } else {
            candidate = Mutations.forType(random, variable.type(), schema, variables.get(variable.name()));
        }
        if (!where.contains(".")) {
            variables.put(variable.name(), candidate.value());
        }
        Expect expect = candidate.validity() == Validity.INVALID ? Expect.VALIDATION : Expect.ANY;
        return graphql(n, "variable:" + document.name() + "." + where + "=" + candidate.label(), expect, document,
                document.text(), variables, authFor(document));
    }

    /** A required variable left out or null, or variables nobody declared. */
    private FuzzCase missingOrExtraVariables(int n) {
        TestDocument document = pickDocumentWithVariables();
        Map<String, Object> variables = new HashMap<>(world.validVariables(document.name(), n));
        List<Variable> required = document.variables().stream().filter(v -> v.nonNull() && !v.hasDefault()).toList();
        int choice = random.nextInt(3);
        if (choice == 0 && !required.isEmpty()) {
            Variable gone = required.get(random.nextInt(required.size()));
            variables.remove(gone.name());
            return graphql(n, "missing-variable:" + document.name() + "." + gone.name(), Expect.VALIDATION, document,
                    document.text(), variables, authFor(document));
        }
        if (choice == 1 && !required.isEmpty()) {
            Variable nulled = required.get(random.nextInt(required.size()));
            variables.put(nulled.name(), null);
            return graphql(n, "null-variable:" + document.name() + "." + nulled.name(), Expect.VALIDATION, document,
                    document.text(), variables, authFor(document));
        }
        variables.put("undeclared", Mutations.weirdString(random));
        variables.put("__proto__", Map.of("polluted", true));
        return graphql(n, "undeclared-variables:" + document.name(), Expect.ANY, document, document.text(), variables,
                authFor(document));
    }

    private TestDocument pickDocumentWithVariables() {
        List<TestDocument> withVariables = documents.stream().filter(d -> !d.variables().isEmpty()).toList();
        return withVariables.get(random.nextInt(withVariables.size()));
    }

    /** A runtime's token for what a runtime does, the admin's for everything else. */
    static Auth authFor(TestDocument document) {
        return switch (document.rootField()) {
            case "route", "acknowledgeConfig", "configChanged" -> Auth.RUNTIME;
            default -> Auth.ADMIN;
        };
    }

    static FuzzCase graphql(int n, String kind, Expect expect, TestDocument document, String text,
            Map<String, Object> variables, Auth auth) {
        Map<String, Object> body = JsonText.object();
        body.put("query", text);
        body.put("variables", variables);
        return new FuzzCase(n, kind, expect, document.operation().equals("mutation"), Differential.NONE,
                HttpCall.graphql(auth, JsonText.write(body)), null);
    }
}
