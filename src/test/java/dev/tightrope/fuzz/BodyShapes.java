package dev.tightrope.fuzz;

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

/**
 * Damage to the JSON body of a GraphQL request rather than to its document: malformed JSON, {@code variables} that
 * is not an object, {@code operationName} of the wrong type or naming no operation, batch (array) bodies, the same
 * key twice, a {@code query} that is not a string, odd {@code extensions}, bytes that are not UTF-8.
 */
final class BodyShapes {

    private final Random random;
    private final FuzzWorld world;
    private final List<TestDocument> documents;

    BodyShapes(Random random, FuzzWorld world, List<TestDocument> documents) {
        this.random = random;
        this.world = world;
        this.documents = documents;
    }

    /** The JSON body itself malformed or of the wrong shape. */
    FuzzCase next(int n, TestDocument document) {
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

    private TestDocument load(String name) {
        return documents.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
