package dev.tightrope.platform.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.Config;

import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;

/**
 * Configures the GraphQL engine: every error answers with {@code extensions.code} and a message a person can act on
 * (queries, mutations and subscriptions alike), and a request's depth and complexity are limited
 * ({@link GraphQLLimits}). Called through {@link GraphQLCustomizer} whenever SmallRye GraphQL builds the engine.
 *
 * <p>Input scalars are made strict ({@link StrictScalars}): no number is wrapped or truncated, no string taken for a
 * number, no text the database cannot store let through.
 *
 * <p>The engine has one instrumentation slot, which SmallRye GraphQL has already filled with its own chain when this
 * runs. That chain must stay: SmallRye's document cache is filled by it, and without it every request would be
 * parsed and validated again (it was, once: half of route()'s CPU time). The builder has no getter, so the slot's
 * content is read from a throwaway build, then put back first in a chain with ours.
 */
@ApplicationScoped
@Named(GraphQLEngineSetup.BEAN_NAME)
public class GraphQLEngineSetup implements UnaryOperator<GraphQL.Builder> {

    public static final String BEAN_NAME = "tightrope-graphql-engine-setup";

    private final GraphQLLimits limits;
    private final RequestChecks checks;
    private final Instance<EngineInstrumentation> features;
    private final AtomicInteger builds = new AtomicInteger();

    GraphQLEngineSetup(Config config, @Any Instance<EngineInstrumentation> features, RequestChecks checks) {
        this.checks = checks;
        this.limits = GraphQLLimits.from(config);
        this.features = features;
    }

    /** How often SmallRye GraphQL has built its engine in this application (once, normally: see EngineWarmUp). */
    int builds() {
        return builds.get();
    }

    @Override
    public GraphQL.Builder apply(GraphQL.Builder builder) {
        builds.incrementAndGet();
        ApiExceptionHandler errors = new ApiExceptionHandler();
        builder.defaultDataFetcherExceptionHandler(errors)
                .subscriptionExecutionStrategy(new SubscriptionExecutionStrategy(errors));
        GraphQL built = builder.build();
        builder.schema(StrictScalars.apply(built.getGraphQLSchema()));
        Instrumentation smallrye = built.getInstrumentation();
        List<Instrumentation> chain = new ArrayList<>(List.of(
                smallrye,
                new MaxQueryDepthInstrumentation(limits.maxDepth()),
                new MaxQueryComplexityInstrumentation(limits.maxComplexity()),
                new ErrorCodeInstrumentation(limits, checks)));
        features.forEach(chain::add);
        return builder.instrumentation(new ChainedInstrumentation(chain));
    }
}
