package dev.tightrope.platform.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.ResultPath;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.SourceLocation;

/**
 * Gives a code to the errors graphql-java reports without one, and words them for a person.
 *
 * <ul>
 * <li>Errors about the request — syntax, validation (unknown field, wrong argument type, a value a scalar refuses,
 * missing required argument), an unknown operation, a request over a {@link GraphQLLimits limit}, an introspection
 * query that asks for a field too often — become VALIDATION, their messages cleaned of Java forms
 * ({@link EngineMessages}), and an invalid variable's message says where in the variable ({@link VariablePaths}).</li>
 * <li>"A non-null field was null" is dropped when another error already explains that field (the resolver's own,
 * with its code): it is only a consequence. Without one it is a bug.</li>
 * <li>Anything else is a bug: INTERNAL with a generic message and an error id, logged with the details.</li>
 * </ul>
 * A mutation the engine refused before any field ran is announced for the audit log ({@link RequestChecks}).
 */
final class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

    private static final Logger LOG = Logger.getLogger(ErrorCodeInstrumentation.class);

    private final GraphQLLimits limits;
    private final RequestChecks checks;

    ErrorCodeInstrumentation(GraphQLLimits limits, RequestChecks checks) {
        this.limits = limits;
        this.checks = checks;
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        List<GraphQLError> errors = result.getErrors();
        if (errors.isEmpty() || errors.stream().allMatch(GraphQLErrors::hasCode)) {
            return CompletableFuture.completedFuture(result);
        }
        List<GraphQLError> coded = new ArrayList<>();
        for (GraphQLError error : errors) {
            if (GraphQLErrors.hasCode(error)) {
                coded.add(error);
            } else if (!(isNullBubble(error) && explained(error, errors))) {
                coded.add(coded(error, parameters));
            }
        }
        if (!result.isDataPresent() && coded.stream().anyMatch(ErrorCodeInstrumentation::isValidation)) {
            announceRefusal(parameters);
        }
        return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(coded)));
    }

    private void announceRefusal(InstrumentationExecutionParameters parameters) {
        try {
            checks.engineRefused(parameters.getQuery(), parameters.getOperation(), parameters.getVariables(),
                    ActorProvider.currentIdentity(), ErrorCode.VALIDATION.name());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not announce a refused mutation for the audit log");
        }
    }

    private GraphQLError coded(GraphQLError error, InstrumentationExecutionParameters parameters) {
        Object type = error.getErrorType();
        if (type == ErrorType.ExecutionAborted) {
            return GraphQLErrors.withCode(error, ErrorCode.VALIDATION, error.getMessage() + " (limits: depth "
                    + limits.maxDepth() + ", complexity " + limits.maxComplexity() + " fields)");
        }
        if (type != null && type.toString().contains("BadFaithIntrospection")) {
            return GraphQLErrors.withCode(error, ErrorCode.VALIDATION, error.getMessage() + " Ask for each "
                    + "introspection field at most once per type, as the standard introspection query does.");
        }
        TightropeException known = error instanceof ExceptionWhileDataFetching fetching
                ? ErrorTranslator.known(fetching.getException()) : null;
        if (known != null) {
            // a subscription's stream that failed after it started: SmallRye reports it without our handler
            List<SourceLocation> locations = error.getLocations();
            return GraphQLErrors.of(known, locations == null || locations.isEmpty() ? null : locations.get(0),
                    error.getPath() == null ? null : ResultPath.fromList(error.getPath()));
        }
        if (type == ErrorType.DataFetchingException || isNullBubble(error)) {
            String errorId = ErrorTranslator.newErrorId();
            LOG.errorf("Unexpected error %s: %s (%s at %s)", errorId, error.getMessage(), type, error.getPath());
            return GraphQLErrors.withCode(error, ErrorCode.INTERNAL,
                    "Internal error " + errorId + "; the server log has the details.", Map.of("errorId", errorId));
        }
        return GraphQLErrors.withCode(error, ErrorCode.VALIDATION, EngineMessages.clean(VariablePaths.located(
                error.getMessage(), parameters.getSchema(), parameters.getQuery(), parameters.getOperation(),
                parameters.getVariables())));
    }

    private static boolean isValidation(GraphQLError error) {
        return ErrorCode.VALIDATION.name().equals(error.getExtensions() == null ? null
                : error.getExtensions().get("code"));
    }

    private static boolean isNullBubble(GraphQLError error) {
        return error.getErrorType() == ErrorType.NullValueInNonNullableField;
    }

    /** Whether another error is at the null field's path or below it, so it says why the field is null. */
    private static boolean explained(GraphQLError nullError, List<GraphQLError> errors) {
        List<Object> path = nullError.getPath();
        if (path == null) {
            return false;
        }
        for (GraphQLError other : errors) {
            List<Object> otherPath = other.getPath();
            if (other != nullError && !isNullBubble(other) && otherPath != null && otherPath.size() >= path.size()
                    && otherPath.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }
}
