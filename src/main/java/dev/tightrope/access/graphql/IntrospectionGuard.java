package dev.tightrope.access.graphql;

import java.util.Set;

import jakarta.inject.Singleton;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.graphql.EngineInstrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Introspection ({@code __schema}, {@code __type}) only for callers with a token. Over HTTP an anonymous request is
 * refused before it reaches the engine; a WebSocket, though, may be opened and initialised without a token (its
 * subscriptions are then refused one by one by {@link AccessControl}, which sees only the fields of Query, Mutation
 * and Subscription), so without this guard an anonymous socket could read the whole schema. The refused field
 * answers null with an UNAUTHENTICATED error, like any other refused field.
 */
@Singleton
public class IntrospectionGuard implements EngineInstrumentation {

    private static final Set<String> INTROSPECTION = Set.of("__schema", "__type");

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
            InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        if (!INTROSPECTION.contains(parameters.getEnvironment().getField().getName())
                || parameters.getExecutionStepInfo().getPath().getLevel() != 1) {
            return dataFetcher;
        }
        return environment -> {
            SecurityIdentity identity = ActorProvider.currentIdentity();
            if (identity == null || identity.isAnonymous()) {
                throw AccessErrors.missingToken();
            }
            return dataFetcher.get(environment);
        };
    }
}
