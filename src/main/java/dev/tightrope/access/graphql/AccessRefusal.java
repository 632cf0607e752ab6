package dev.tightrope.access.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tightrope.platform.error.TightropeException;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.language.SourceLocation;

/**
 * A refused operation (UNAUTHENTICATED or FORBIDDEN) that carries its own GraphQL error shape.
 *
 * <p>Why: queries and mutations turn a {@link TightropeException} into an error with {@code extensions.code}
 * through the application's exception handler, but SmallRye GraphQL sets up subscriptions with its own handler,
 * which knows nothing of codes. That handler copies the extensions of an exception that is a {@link GraphQLError},
 * and shows its message because {@code quarkus.smallrye-graphql.show-runtime-exception-message} lists
 * {@code TightropeException}; so a refused subscription answers with the same code and message as a refused query.
 */
final class AccessRefusal extends TightropeException implements GraphQLError {

    private final Map<String, Object> extensions;

    AccessRefusal(TightropeException refusal) {
        super(refusal.code(), refusal.getMessage(), refusal.details());
        Map<String, Object> shape = new LinkedHashMap<>(refusal.details());
        shape.put("code", refusal.code().name());
        this.extensions = Map.copyOf(shape);
    }

    @Override
    public List<SourceLocation> getLocations() {
        return null;
    }

    @Override
    public ErrorClassification getErrorType() {
        return ErrorType.DataFetchingException;
    }

    @Override
    public Map<String, Object> getExtensions() {
        return extensions;
    }
}
