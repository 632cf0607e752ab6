package dev.tightrope.platform.graphql;

import graphql.GraphQL;
import io.smallrye.graphql.spi.EventingService;

/**
 * Installs Tightrope's error shaping into the GraphQL engine: every error answers with {@code extensions.code} and a
 * message a person can act on. Registered through {@code META-INF/services}; always active.
 */
public class GraphQLCustomizer implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        return builder
                .defaultDataFetcherExceptionHandler(new ApiExceptionHandler())
                .instrumentation(new ErrorCodeInstrumentation());
    }
}
