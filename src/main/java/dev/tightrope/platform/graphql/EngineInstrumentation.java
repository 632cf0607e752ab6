package dev.tightrope.platform.graphql;

import graphql.execution.instrumentation.Instrumentation;

/**
 * A graphql-java instrumentation that a feature adds to the engine (a CDI bean): {@link GraphQLEngineSetup} chains
 * every one of them after SmallRye's own and the request limits.
 */
public interface EngineInstrumentation extends Instrumentation {
}
