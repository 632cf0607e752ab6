package dev.tightrope.platform.graphql;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import io.smallrye.graphql.spi.EventingService;

/**
 * Configures the GraphQL engine: every error answers with {@code extensions.code} and a message a person can act on,
 * documents are cached after their first parse and validation, and a request's depth and complexity are limited.
 * Registered through {@code META-INF/services}; always active.
 *
 * <p>The engine has a single instrumentation slot, and SmallRye GraphQL fills it with its own chain (its document
 * cache and optional limits). Setting ours replaces that chain, so this class installs the whole set itself:
 * {@link DocumentCache}, {@link MaxQueryDepthInstrumentation}, {@link MaxQueryComplexityInstrumentation} and
 * {@link ErrorCodeInstrumentation}, with limits from {@link GraphQLLimits}.
 */
public class GraphQLCustomizer implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        GraphQLLimits limits = GraphQLLimits.from(ConfigProvider.getConfig());
        return builder
                .defaultDataFetcherExceptionHandler(new ApiExceptionHandler())
                .preparsedDocumentProvider(new DocumentCache(limits.cachedDocuments()))
                .instrumentation(new ChainedInstrumentation(List.of(
                        new MaxQueryDepthInstrumentation(limits.maxDepth()),
                        new MaxQueryComplexityInstrumentation(limits.maxComplexity()),
                        new ErrorCodeInstrumentation(limits))));
    }
}
