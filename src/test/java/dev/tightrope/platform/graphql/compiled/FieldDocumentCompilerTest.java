package dev.tightrope.platform.graphql.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tightrope.platform.graphql.GraphQLLimits;
import graphql.language.OperationDefinition.Operation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/** Which documents a fast path may answer, against a small schema of the same shape as Tightrope's. */
class FieldDocumentCompilerTest {

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
            type Query { route(agent: String!, environment: String!, routingKey: String): Decision! other: Int }
            type Subscription { watch(agent: String!, runtimeId: String): Config }
            type Mutation { ack(agent: String!, generation: Int!): Decision! }
            type Decision { version: Int! arm: String! }
            type Config { generation: Int! stable: Version! canary: Version }
            type Version { version: Int! prompt: String! }
            """), RuntimeWiring.newRuntimeWiring().build());
    private static final SelectionShape DECISION = SelectionShape.ofLeaves(Set.of("version", "arm"));
    private static final SelectionShape VERSION = SelectionShape.ofLeaves(Set.of("version", "prompt"));
    private static final SelectionShape CONFIG = new SelectionShape(Set.of("generation"),
            Map.of("stable", VERSION, "canary", VERSION));

    private final FieldDocumentCompiler compiler = new FieldDocumentCompiler(SCHEMA, new GraphQLLimits(15, 500));

    @Test
    void compilesAPlainQueryWithLiteralsVariablesAndAliases() {
        CompiledField field = route("""
                query Route($key: String) { r: route(agent: "a", environment: "prod", routingKey: $key) { v: version arm } }
                """).orElseThrow();

        assertThat(field.operationName()).isEqualTo("Route");
        assertThat(field.rootKey()).isEqualTo("r");
        assertThat(field.selections()).containsExactly(new CompiledField.Selection("v", "version", null),
                new CompiledField.Selection("arm", "arm", null));
        Map<String, Object> variables = new HashMap<>();
        variables.put("key", "user-1");
        assertThat(field.argument("agent", variables)).isEqualTo("a");
        assertThat(field.argument("routingKey", variables)).isEqualTo("user-1");
        variables.put("key", 42);
        assertThat(field.argument("routingKey", variables)).isSameAs(CompiledField.Argument.UNUSABLE);
        assertThat(field.argument("routingKey", Map.of())).isNull();
        assertThat(field.answersTo(null)).isTrue();
        assertThat(field.answersTo("Route")).isTrue();
        assertThat(field.answersTo("Other")).isFalse();
    }

    @Test
    void compilesNestedSelectionsOfASubscription() {
        CompiledField field = compiler.compile("""
                subscription { watch(agent: "a") { generation current: stable { version } canary { prompt } } }
                """, Operation.SUBSCRIPTION, "watch", Set.of("agent"), Set.of("runtimeId"), CONFIG).orElseThrow();

        assertThat(field.selections()).containsExactly(new CompiledField.Selection("generation", "generation", null),
                new CompiledField.Selection("current", "stable",
                        List.of(new CompiledField.Selection("version", "version", null))),
                new CompiledField.Selection("canary", "canary",
                        List.of(new CompiledField.Selection("prompt", "prompt", null))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ route(agent: \"a\", environment: \"p\") { version } other }",                       // two root fields
        "{ route(agent: \"a\", environment: \"p\") { ...F } } fragment F on Decision { version }", // fragment
        "{ route(agent: \"a\", environment: \"p\") { version @include(if: true) } }",            // directive
        "query Q @deprecated { route(agent: \"a\", environment: \"p\") { version } }",           // on operation
        "{ route(agent: \"a\", environment: \"p\") { version version } }",                       // key twice
        "{ route(agent: \"a\", environment: \"p\") { version __typename } }",                    // unknown here
        "{ route(agent: \"a\") { version } }",                                                    // missing argument
        "{ route(agent: \"a\", environment: 3) { version } }",                                    // not a string
        "query($e: String = \"p\") { route(agent: \"a\", environment: $e) { version } }",         // default value
        "query($e: Int) { route(agent: \"a\", environment: $e) { version } }",                    // wrong type
        "query($e: String) { route(agent: \"a\", environment: $e) { version } }",                 // nullable -> String!
        "{ route(agent: \"a\", environment: \"p\") { nope } }",                                   // not in schema
        "mutation { route(agent: \"a\", environment: \"p\") { version } }",                       // other operation
        "{ route(agent: \"a\", environment: \"p\") { version }",                                  // syntax error
    })
    void leavesEverythingElseToTheEngine(String document) {
        assertThat(route(document)).isEmpty();
    }

    @Test
    void takesIntArgumentsOnlyAsWholeNumbersWithin32Bits() {
        CompiledField variable = ack("mutation($g: Int!) { ack(agent: \"a\", generation: $g) { version } }")
                .orElseThrow();
        assertThat(variable.argument("generation", Map.of("g", 7))).isEqualTo(7);
        assertThat(variable.argument("generation", Map.of("g", Integer.MIN_VALUE))).isEqualTo(Integer.MIN_VALUE);
        for (Object unusable : new Object[] {7L + Integer.MAX_VALUE, 7.0, new java.math.BigDecimal("7"), "7", true}) {
            assertThat(variable.argument("generation", Map.of("g", unusable))).as(String.valueOf(unusable))
                    .isSameAs(CompiledField.Argument.UNUSABLE);
        }
        assertThat(variable.argument("generation", Map.of())).isSameAs(CompiledField.Argument.UNUSABLE);

        assertThat(ack("mutation { ack(agent: \"a\", generation: 2147483647) { version } }").orElseThrow()
                .argument("generation", Map.of())).isEqualTo(Integer.MAX_VALUE);
        assertThat(ack("mutation { ack(agent: \"a\", generation: -2147483648) { version } }").orElseThrow()
                .argument("generation", Map.of())).isEqualTo(Integer.MIN_VALUE);
        assertThat(ack("mutation { ack(agent: \"a\", generation: 2147483648) { version } }")).isEmpty();
        assertThat(ack("mutation($g: Int) { ack(agent: \"a\", generation: $g) { version } }")).isEmpty();
        assertThat(ack("mutation($g: String!) { ack(agent: \"a\", generation: $g) { version } }")).isEmpty();
        assertThat(ack("mutation($a: Int!) { ack(agent: $a, generation: 1) { version } }")).isEmpty();
        assertThat(ack("mutation($g: Float!) { ack(agent: \"a\", generation: $g) { version } }")).isEmpty();
    }

    @Test
    void respectsTheRequestLimits() {
        String document = "{ route(agent: \"a\", environment: \"p\") { version arm } }";
        assertThat(new FieldDocumentCompiler(SCHEMA, new GraphQLLimits(2, 3)).compile(document, Operation.QUERY,
                "route", Set.of("agent", "environment"), Set.of("routingKey"), DECISION)).isPresent();
        assertThat(new FieldDocumentCompiler(SCHEMA, new GraphQLLimits(1, 500)).compile(document, Operation.QUERY,
                "route", Set.of("agent", "environment"), Set.of("routingKey"), DECISION)).isEmpty();
        assertThat(new FieldDocumentCompiler(SCHEMA, new GraphQLLimits(15, 2)).compile(document, Operation.QUERY,
                "route", Set.of("agent", "environment"), Set.of("routingKey"), DECISION)).isEmpty();
    }

    private Optional<CompiledField> ack(String document) {
        return compiler.compile(document, Operation.MUTATION, "ack", Set.of("agent", "generation"), Set.of(),
                DECISION);
    }

    private Optional<CompiledField> route(String document) {
        return compiler.compile(document, Operation.QUERY, "route", Set.of("agent", "environment"),
                Set.of("routingKey"), DECISION);
    }
}
