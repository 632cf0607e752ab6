package dev.tightrope.platform.graphql;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import io.smallrye.graphql.spi.EventingService;

/**
 * Configures the GraphQL engine: every error answers with {@code extensions.code} and a message a person can act on,
 * and a request's depth and complexity are limited ({@link GraphQLLimits}). Registered through
 * {@code META-INF/services}; always active.
 *
 * <p>The engine has one instrumentation slot, which SmallRye GraphQL has already filled with its own chain when this
 * runs. That chain must stay: SmallRye's document cache is filled by it, and without it every request would be
 * parsed and validated again (it was, once: half of route()'s CPU time). The builder has no getter, so the slot's
 * content is read from a throwaway build, then put back first in a chain with ours.
 */
public class GraphQLCustomizer implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        GraphQLLimits limits = GraphQLLimits.from(ConfigProvider.getConfig());
        builder.defaultDataFetcherExceptionHandler(new ApiExceptionHandler());
        Instrumentation smallrye = builder.build().getInstrumentation();
        return builder.instrumentation(new ChainedInstrumentation(List.of(
                smallrye,
                new MaxQueryDepthInstrumentation(limits.maxDepth()),
                new MaxQueryComplexityInstrumentation(limits.maxComplexity()),
                new ErrorCodeInstrumentation(limits))));
    }
}
