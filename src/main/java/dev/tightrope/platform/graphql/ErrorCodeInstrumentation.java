package dev.tightrope.platform.graphql;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.tightrope.platform.error.ErrorCode;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;

/**
 * Gives a code to the errors graphql-java reports without one: syntax and validation errors of the request (unknown
 * field, wrong argument type, missing required argument) and requests over a {@link GraphQLLimits limit} become
 * VALIDATION; anything else INTERNAL.
 */
final class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

    private final GraphQLLimits limits;

    ErrorCodeInstrumentation(GraphQLLimits limits) {
        this.limits = limits;
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        List<GraphQLError> errors = result.getErrors();
        if (errors.isEmpty() || errors.stream().allMatch(GraphQLErrors::hasCode)) {
            return CompletableFuture.completedFuture(result);
        }
        List<GraphQLError> coded = errors.stream()
                .map(error -> GraphQLErrors.hasCode(error) ? error : coded(error))
                .toList();
        return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(coded)));
    }

    private GraphQLError coded(GraphQLError error) {
        if (error.getErrorType() == ErrorType.ExecutionAborted) {
            return GraphQLErrors.withCode(error, ErrorCode.VALIDATION, error.getMessage() + " (limits: depth "
                    + limits.maxDepth() + ", complexity " + limits.maxComplexity() + " fields)");
        }
        return GraphQLErrors.withCode(error, codeOf(error));
    }

    private static ErrorCode codeOf(GraphQLError error) {
        Object type = error.getErrorType();
        if (type == ErrorType.InvalidSyntax || type == ErrorType.ValidationError) {
            return ErrorCode.VALIDATION;
        }
        if (type != null && type.toString().toLowerCase().contains("validation")) {
            return ErrorCode.VALIDATION;
        }
        return ErrorCode.INTERNAL;
    }
}
