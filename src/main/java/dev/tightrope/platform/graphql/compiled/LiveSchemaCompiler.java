package dev.tightrope.platform.graphql.compiled;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.Config;

import dev.tightrope.platform.graphql.GraphQLLimits;
import graphql.language.OperationDefinition.Operation;
import graphql.schema.GraphQLSchema;

/**
 * A {@link FieldDocumentCompiler} against the schema the engine serves and the configured request limits. The
 * schema is looked up on first use: it exists only once SmallRye GraphQL has built it.
 */
@ApplicationScoped
public class LiveSchemaCompiler {

    private final Instance<GraphQLSchema> schema;
    private final GraphQLLimits limits;
    private volatile FieldDocumentCompiler compiler;

    LiveSchemaCompiler(Instance<GraphQLSchema> schema, Config config) {
        this.schema = schema;
        this.limits = GraphQLLimits.from(config);
    }

    /** See {@link FieldDocumentCompiler#compile}. */
    public Optional<CompiledField> compile(String text, Operation operation, String field, Set<String> required,
            Set<String> optional, SelectionShape shape) {
        FieldDocumentCompiler current = compiler;
        if (current == null) {
            current = new FieldDocumentCompiler(schema.get(), limits);
            compiler = current;
        }
        return current.compile(text, operation, field, required, optional, shape);
    }
}
