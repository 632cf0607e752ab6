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
    private int number;

    public FuzzCases(long seed, FuzzWorld world, List<TestDocument> documents, SchemaModel schema) {
        this.random = new Random(seed);
        this.world = world;
        this.documents = documents.stream().filter(d -> !d.operation().equals("subscription")).toList();
        this.schema = schema;
        this.documentMutations = new DocumentMutations(random, world);
        this.transport = new TransportCases(random, world);
        this.sockets = new SocketCases(random, world, documents, schema);
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
            return bodyShape(n);
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

    /** The JSON body itself malformed or of the wrong shape. */
    private FuzzCase bodyShape(int n) {
        TestDocument document = pickDocument();
        String query = JsonText.write(document.text());
        String variables = JsonText.write(world.validVariables(document.name(), n));
        boolean mutation = document.operation().equals("mutation");
        String operation = document.text().replaceAll("(?s)^\\s*\\w+\\s+(\\w+).*", "$1");
        String kind;
        String body;
        Expect expect;
        switch (random.nextInt(16)) {
            case 0 -> {
                Object odd = Mutations.pick(random, List.of(new Candidate("a string", "", Validity.INVALID),
                        new Candidate(5, "", Validity.INVALID), new Candidate(List.of(), "", Validity.INVALID),
                        new Candidate(true, "", Validity.INVALID), new Candidate(List.of(Map.of()), "", Validity.INVALID)))
                        .value();
                kind = "variables-not-an-object:" + JsonText.write(odd);
                body = "{\"query\":" + query + ",\"variables\":" + JsonText.write(odd) + "}";
                expect = Expect.REFUSED;
            }
            case 1 -> {
                kind = "variables-empty-string";
                body = "{\"query\":" + query + ",\"variables\":\"\"}";
                expect = Expect.ANY;
            }
            case 2 -> {
                Object name = Mutations.pick(random, List.of(new Candidate(5, "", Validity.INVALID),
                        new Candidate(Map.of("name", operation), "", Validity.INVALID),
                        new Candidate(List.of(operation), "", Validity.INVALID),
                        new Candidate(true, "", Validity.INVALID))).value();
                kind = "operationName-wrong-type:" + JsonText.write(name);
                body = "{\"query\":" + query + ",\"variables\":" + variables + ",\"operationName\":"
                        + JsonText.write(name) + "}";
                expect = Expect.VALIDATION;
            }
            case 3 -> {
                kind = "operationName-names-no-operation";
                body = "{\"query\":" + query + ",\"variables\":" + variables + ",\"operationName\":\"NoSuchOp\"}";
                expect = Expect.VALIDATION;
            }
            case 4 -> {
                String one = "{\"query\":" + query + ",\"variables\":" + variables + "}";
                int copies = 1 + random.nextInt(3);
                kind = "batch-array-of-" + copies;
                body = "[" + String.join(",", java.util.Collections.nCopies(copies, one)) + "]";
                expect = Expect.VALIDATION;
            }
            case 5 -> {
                kind = "batch-empty-array";
                body = "[]";
                expect = Expect.VALIDATION;
            }
            case 6 -> {
                kind = "duplicate-key:query";
                body = "{\"query\":\"{ __typename }\",\"query\":" + query + ",\"variables\":" + variables + "}";
                expect = Expect.VALIDATION;
            }
            case 7 -> {
                return duplicateKeyInVariables(n);
            }
            case 8 -> {
                String whole = "{\"query\":" + query + ",\"variables\":" + variables + "}";
                int cut = 1 + random.nextInt(whole.length() - 1);
                kind = "truncated-json-at-" + cut;
                body = whole.substring(0, cut);
                expect = Expect.VALIDATION;
            }
            case 9 -> {
                String junk = Mutations.pick(random, List.of(new Candidate("}", "", null),
                        new Candidate(" garbage", "", null), new Candidate("{}", "", null),
                        new Candidate(",", "", null))).value().toString();
                kind = "trailing-junk:" + junk.trim();
                body = "{\"query\":" + query + ",\"variables\":" + variables + "}" + junk;
                expect = Expect.VALIDATION;
            }
            case 10 -> {
                String odd = Mutations.pick(random, List.of(new Candidate("{'query': '{ __typename }'}", "", null),
                        new Candidate("{\"query\": NaN}", "", null), new Candidate("{\"query\": \"{ __typename }\" /* c */}", "", null),
                        new Candidate("not json at all", "", null), new Candidate("\"{ __typename }\"", "", null),
                        new Candidate("null", "", null), new Candidate("5", "", null), new Candidate("", "", null),
                        new Candidate("{\"query\":\"\\ud800 { __typename }\"}", "", null),
                        new Candidate("{\"query\":\"{ __typename }\",\"variables\":{\"a\":" + "[".repeat(5000)
                                + "]".repeat(5000) + "}}", "", null))).value().toString();
                kind = "malformed-json:" + Mutations.describe(odd);
                body = odd;
                expect = odd.startsWith("{\"query\":\"{ __typename }\",\"variables\"") ? Expect.ANY : Expect.VALIDATION;
            }
            case 11 -> {
                Object notText = Mutations.pick(random, List.of(new Candidate(5, "", null),
                        new Candidate(List.of("{ __typename }"), "", null), new Candidate(Map.of(), "", null),
                        new Candidate(null, "", null), new Candidate(true, "", null), new Candidate("", "", null),
                        new Candidate("   ", "", null))).value();
                kind = "query-not-a-document:" + JsonText.write(notText);
                body = "{\"query\":" + JsonText.write(notText) + ",\"variables\":" + variables + "}";
                expect = Expect.VALIDATION;
            }
            case 12 -> {
                Object extensions = Mutations.pick(random, List.of(new Candidate(5, "", null),
                        new Candidate("x", "", null), new Candidate(List.of(), "", null),
                        new Candidate(Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", "00")), "", null)))
                        .value();
                kind = "extensions:" + JsonText.write(extensions);
                body = "{\"query\":" + query + ",\"variables\":" + variables + ",\"extensions\":"
                        + JsonText.write(extensions) + "}";
                expect = Expect.ANY;
            }
            case 13 -> {
                kind = "unknown-top-level-keys";
                body = "{\"query\":" + query + ",\"variables\":" + variables + ",\"id\":7,\"doc_id\":null,"
                        + "\"foo\":{\"bar\":[1,2,3]}}";
                expect = Expect.ANY;
            }
            case 14 -> {
                kind = "explicit-null-variables-and-operationName";
                body = "{\"query\":" + query + ",\"variables\":null,\"operationName\":null}";
                expect = Expect.ANY;
            }
            default -> {
                return new FuzzCase(n, "body:raw-invalid-utf8", Expect.ANY, false, Differential.NONE,
                        new HttpCall("POST", "/graphql", "application/json", Auth.ADMIN, invalidUtf8(), false, null,
                                null), null);
            }
        }
        return new FuzzCase(n, "body:" + kind + ":" + document.name(), expect, mutation, Differential.NONE,
                HttpCall.graphql(Auth.ADMIN, body), null);
    }

    /** The same key twice inside a variable, e.g. {@code {"modelId":"a","modelId":"b"}} in a model component. */
    private FuzzCase duplicateKeyInVariables(int n) {
        JsonText.Obj model = JsonText.Obj.of("provider", "openai", "modelId", "gpt-4o", "modelId", "gpt-4o-mini",
                "temperature", 0.2);
        JsonText.Obj input;
        String kind;
        if (random.nextBoolean()) {
            input = JsonText.Obj.of("agent", world.agent(), "message", "dup " + n, "model", model);
            kind = "duplicate-key:createVersion.model.modelId";
        } else {
            input = JsonText.Obj.of("agent", world.agent(), "agent", world.unknownAgent(), "message", "dup " + n,
                    "prompt", Map.of("system", "dup " + n));
            kind = "duplicate-key:createVersion.agent";
        }
        String body = JsonText.write(JsonText.Obj.of("query", load("createVersion").text(), "variables",
                JsonText.Obj.of("input", input)));
        return new FuzzCase(n, kind, Expect.VALIDATION, true, Differential.NONE, HttpCall.graphql(Auth.ADMIN, body),
                null);
    }

    /** A route query whose slug holds bytes that are not UTF-8: a truncated sequence and an encoded surrogate. */
    private byte[] invalidUtf8() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("{\"query\":\"{ agent(slug: \\\"" + world.agent()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xc3, 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xff});
        out.writeBytes("\\\") { slug } }\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private TestDocument pickDocumentWithVariables() {
        List<TestDocument> withVariables = documents.stream().filter(d -> !d.variables().isEmpty()).toList();
        return withVariables.get(random.nextInt(withVariables.size()));
    }

    private TestDocument load(String name) {
        return documents.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
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
