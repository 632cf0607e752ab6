package dev.tightrope.platform.graphql;

import java.util.concurrent.CompletableFuture;

import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import graphql.GraphQLError;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;

/**
 * Turns an exception thrown while resolving a field into a GraphQL error with {@code extensions.code} and the
 * exception's details, never a stack trace.
 */
final class ApiExceptionHandler implements DataFetcherExceptionHandler {

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
            DataFetcherExceptionHandlerParameters parameters) {
        TightropeException error = ErrorTranslator.translate(parameters.getException());
        GraphQLError graphQLError = GraphQLErrors.of(error, parameters.getSourceLocation(), parameters.getPath());
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(graphQLError).build());
    }
}
