package dev.tightrope.platform.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;

/** Builds GraphQL errors that always carry {@code extensions.code}. */
final class GraphQLErrors {

    private GraphQLErrors() {
    }

    static GraphQLError of(TightropeException error, SourceLocation location, ResultPath path) {
        Map<String, Object> extensions = new LinkedHashMap<>(error.details());
        extensions.put("code", error.code().name());
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .message(error.getMessage())
                .errorType(classification(error.code()))
                .extensions(extensions);
        if (location != null) {
            builder.location(location);
        }
        if (path != null) {
            builder.path(path);
        }
        return builder.build();
    }

    /** Copies an error made by graphql-java itself (syntax, validation) and adds the code it lacks. */
    static GraphQLError withCode(GraphQLError error, ErrorCode code) {
        return withCode(error, code, error.getMessage());
    }

    /** As {@link #withCode(GraphQLError, ErrorCode)}, with a clearer message. */
    static GraphQLError withCode(GraphQLError error, ErrorCode code, String message) {
        return withCode(error, code, message, Map.of());
    }

    /** As {@link #withCode(GraphQLError, ErrorCode, String)}, with extra extensions. */
    static GraphQLError withCode(GraphQLError error, ErrorCode code, String message, Map<String, Object> details) {
        Map<String, Object> extensions = new LinkedHashMap<>(details);
        if (error.getExtensions() != null) {
            extensions.putAll(error.getExtensions());
        }
        extensions.put("code", code.name());
        if (error.getErrorType() != null) {
            extensions.putIfAbsent("classification", error.getErrorType().toString());
        }
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(error.getErrorType())
                .extensions(extensions);
        List<SourceLocation> locations = error.getLocations();
        if (locations != null) {
            builder.locations(locations);
        }
        if (error.getPath() != null) {
            builder.path(error.getPath());
        }
        return builder.build();
    }

    static boolean hasCode(GraphQLError error) {
        return error.getExtensions() != null && error.getExtensions().containsKey("code");
    }

    private static ErrorClassification classification(ErrorCode code) {
        return code == ErrorCode.VALIDATION ? ErrorType.ValidationError : ErrorType.DataFetchingException;
    }
}
