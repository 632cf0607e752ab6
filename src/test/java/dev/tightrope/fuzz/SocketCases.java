package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.Differential;
import dev.tightrope.fuzz.FuzzCase.Expect;
import dev.tightrope.fuzz.FuzzCase.SocketCall;
import dev.tightrope.fuzz.Mutations.Candidate;
import dev.tightrope.fuzz.Mutations.Validity;
import dev.tightrope.fuzz.TestDocuments.TestDocument;
import dev.tightrope.fuzz.TestDocuments.Variable;

/**
 * WebSocket conversations ({@code graphql-transport-ws}): configChanged subscriptions with fuzzed variables, paired
 * with the same subscription carrying {@code extensions: {}} (never served by the fast path) for the differential
 * check; queries and mutations sent over the socket; and protocol abuse — frames that are not JSON, unknown types,
 * ids of the wrong type, missing or repeated {@code connection_init}, bad tokens in it.
 */
final class SocketCases {

    static final String INIT = "{\"type\":\"connection_init\",\"payload\":{\"authorization\":\"$AUTH\"}}";

    private final Random random;
    private final FuzzWorld world;
    private final SchemaModel schema;
    private final List<TestDocument> operations;
    private final List<TestDocument> configDocuments;

    SocketCases(Random random, FuzzWorld world, List<TestDocument> documents, SchemaModel schema) {
        this.random = random;
        this.world = world;
        this.schema = schema;
        this.operations = documents.stream().filter(d -> !d.operation().equals("subscription")
                && !FuzzWorld.GUARDED.contains(d.name())).toList();
        this.configDocuments = documents.stream().filter(d -> d.rootField().equals("configChanged")).toList();
    }

    FuzzCase next(int n) {
        int family = random.nextInt(10);
        if (family < 5) {
            return configChanged(n);
        } else if (family < 8) {
            return operation(n);
        }
        return protocolAbuse(n);
    }

    /** A configChanged subscription, some variable fuzzed, answered alike with and without the fast path. */
    private FuzzCase configChanged(int n) {
        TestDocument document = configDocuments.get(random.nextInt(configDocuments.size()));
        Map<String, Object> variables = new HashMap<>(world.validVariables(document.name(), n));
        String kind = "socket-config:" + document.name();
        Expect expect = Expect.ANY;
        String text = document.text();
        int damage = random.nextInt(6);
        if (damage <= 2) {
            Variable variable = document.variables().get(random.nextInt(document.variables().size()));
            Candidate candidate = Mutations.forType(random, variable.type(), schema, variables.get(variable.name()));
            variables.put(variable.name(), candidate.value());
            kind += ":" + variable.name() + "=" + candidate.label();
            expect = candidate.validity() == Validity.INVALID ? Expect.VALIDATION : Expect.ANY;
        } else if (damage == 3) {
            variables.put("agent", random.nextBoolean() ? world.unknownAgent() : world.agent());
            variables.put("environment", random.nextBoolean() ? world.emptyEnvironment() : world.environment());
            kind += ":" + variables.get("agent") + "/" + variables.get("environment");
        } else if (damage == 4) {
            text = text.replaceFirst("generation", "generation fzUnknown");
            kind += ":unknown-field";
            expect = Expect.VALIDATION;
        }
        Auth auth = random.nextBoolean() ? Auth.RUNTIME : Auth.ADMIN;
        // a first message is certain only for an error, or for the world's deployment (nothing is sent for a
        // deployment that does not exist until something is deployed there)
        boolean certain = expect == Expect.VALIDATION || world.agent().equals(variables.get("agent"))
                && world.environment().equals(variables.get("environment"))
                && "fz-runtime".equals(variables.get("runtimeId"));
        Map<String, Object> payload = JsonText.object();
        payload.put("query", text);
        payload.put("variables", variables);
        Map<String, Object> engine = JsonText.object();
        engine.putAll(payload);
        engine.put("extensions", Map.of());
        return new FuzzCase(n, kind, expect, false, Differential.CONFIG, null, new SocketCall(INIT, auth,
                List.of(subscribe("1", payload)), certain ? List.of("1") : List.of(),
                List.of(subscribe("1", engine))));
    }

    /** A query or mutation over the socket, perhaps with a fuzzed variable. */
    private FuzzCase operation(int n) {
        TestDocument document = operations.get(random.nextInt(operations.size()));
        Map<String, Object> variables = new HashMap<>(world.validVariables(document.name(), n));
        String kind = "socket-operation:" + document.name();
        Expect expect = Expect.ANY;
        if (!document.variables().isEmpty() && random.nextBoolean()) {
            Variable variable = document.variables().get(random.nextInt(document.variables().size()));
            Candidate candidate = Mutations.forType(random, variable.type(), schema, variables.get(variable.name()));
            variables.put(variable.name(), candidate.value());
            kind += ":" + variable.name() + "=" + candidate.label();
            expect = candidate.validity() == Validity.INVALID ? Expect.VALIDATION : Expect.ANY;
        }
        Map<String, Object> payload = JsonText.object();
        payload.put("query", document.text());
        payload.put("variables", variables);
        Auth auth = random.nextInt(6) == 0 ? Auth.NONE : FuzzCases.authFor(document);
        if (auth == Auth.NONE) {
            kind += ":no-token";
            expect = Expect.REFUSED;
        }
        return new FuzzCase(n, kind, expect, document.operation().equals("mutation"), Differential.NONE,
                null, new SocketCall(auth == Auth.NONE ? "{\"type\":\"connection_init\",\"payload\":{}}" : INIT, auth,
                        List.of(subscribe("op", payload)), List.of("op"), null));
    }

    /** Frames the protocol does not allow, before or after the handshake. */
    private FuzzCase protocolAbuse(int n) {
        String config = JsonText.write(world.validVariables("configChanged", n));
        String query = JsonText.write(TestDocumentsText.CONFIG);
        List<String[]> abuses = List.of(
                new String[] {"not-json", "hello"},
                new String[] {"json-array", "[1,2,3]"},
                new String[] {"unknown-type", "{\"type\":\"fz\"}"},
                new String[] {"no-type", "{\"id\":\"1\"}"},
                new String[] {"type-number", "{\"type\":5}"},
                new String[] {"subscribe-no-id", "{\"type\":\"subscribe\",\"payload\":{\"query\":" + query + "}}"},
                new String[] {"subscribe-id-number", "{\"type\":\"subscribe\",\"id\":1,\"payload\":{\"query\":" + query
                        + ",\"variables\":" + config + "}}"},
                new String[] {"subscribe-payload-string", "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":\"x\"}"},
                new String[] {"subscribe-no-payload", "{\"type\":\"subscribe\",\"id\":\"1\"}"},
                new String[] {"subscribe-query-number", "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":5}}"},
                new String[] {"subscribe-variables-string", "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":"
                        + query + ",\"variables\":\"a string\"}}"},
                new String[] {"subscribe-operationName-number", "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":"
                        + "{\"query\":" + query + ",\"variables\":" + config + ",\"operationName\":5}}"},
                new String[] {"complete-unknown-id", "{\"type\":\"complete\",\"id\":\"never\"}"},
                new String[] {"complete-no-id", "{\"type\":\"complete\"}"},
                new String[] {"second-init", "{\"type\":\"connection_init\",\"payload\":{}}"},
                new String[] {"pong-unasked", "{\"type\":\"pong\",\"payload\":{\"a\":[1]}}"},
                new String[] {"subscribe-huge-query", "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{ "
                        + "__typename ".repeat(30_000) + "}\"}}"},
                new String[] {"subscribe-syntax-error", "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":"
                        + "\"subscription { configChanged(\"}}"},
                new String[] {"duplicate-id", "{\"type\":\"subscribe\",\"id\":\"d\",\"payload\":{\"query\":" + query
                        + ",\"variables\":" + config + "}}\n{\"type\":\"subscribe\",\"id\":\"d\",\"payload\":{\"query\":"
                        + query + ",\"variables\":" + config + "}}"},
                new String[] {"nul-in-frame", "{\"type\":\"subscribe\",\"id\":\"\\u0000\",\"payload\":{\"query\":"
                        + query + ",\"variables\":" + config + "}}"});
        String[] abuse = abuses.get(random.nextInt(abuses.size()));
        int init = random.nextInt(10);
        String initFrame = switch (init) {
            case 0 -> null;
            case 1 -> "{\"type\":\"connection_init\",\"payload\":5}";
            case 2 -> "{\"type\":\"connection_init\",\"payload\":{\"authorization\":\"Bearer tr_fz-not-a-token\"}}";
            default -> INIT;
        };
        List<String> frames = new ArrayList<>(List.of(abuse[1].split("\n")));
        String kind = "socket-protocol:" + abuse[0] + ":" + List.of("no-init", "init-payload-number",
                "init-unknown-token", "init", "init", "init", "init", "init", "init", "init").get(init);
        return new FuzzCase(n, kind, Expect.ANY, false, Differential.NONE, null,
                new SocketCall(initFrame, Auth.ADMIN, frames, List.of(), null));
    }

    static String subscribe(String id, Map<String, Object> payload) {
        Map<String, Object> message = JsonText.object();
        message.put("id", id);
        message.put("type", "subscribe");
        message.put("payload", payload);
        return JsonText.write(message);
    }

    /** The configChanged document text for protocol cases (kept short). */
    static final class TestDocumentsText {
        static final String CONFIG = "subscription($agent: String!, $environment: String!, $runtimeId: String) "
                + "{ configChanged(agent: $agent, environment: $environment, runtimeId: $runtimeId) { generation } }";

        private TestDocumentsText() {
        }
    }
}
