package dev.tightrope.platform.graphql;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.json.Json;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.graphql.execution.ExecutionService;

/**
 * Builds the GraphQL engine at start-up, before the instance reports ready, instead of on the first request.
 *
 * <p>Why: SmallRye GraphQL builds its engine lazily, on the first request that needs it, and building it includes
 * {@link GraphQLEngineSetup} rewriting the schema with strict scalars (graphql-java transforms and validates the
 * whole schema). On a cold JVM that took a few hundred milliseconds on the event loop of whatever request came first
 * — in the benchmarks, the first rollback after start-up (docs/benchmarks.md, section I, scenario 3). One query of
 * {@code __typename} at start-up pays it there. It runs before the other start-up observers (its priority is lower),
 * so before the routing tables load and the readiness check can answer UP.
 */
@ApplicationScoped
class EngineWarmUp {

    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);

    private volatile boolean warmed;

    @ActivateRequestContext
    void warm(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event, ExecutionService engine) {
        long start = System.nanoTime();
        try {
            engine.executeSync(Json.createObjectBuilder().add("query", "{ __typename }").build(), response -> {
                warmed = response.getExecutionResult().getErrors().isEmpty();
                if (!warmed) {
                    LOG.warnf("The GraphQL engine's warm-up query answered %s", response.getExecutionResultAsString());
                }
            });
            LOG.debugf("GraphQL engine built in %d ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            // the engine is then built by the first request, as without this warm-up
            LOG.warnf("Could not build the GraphQL engine at start-up: %s", e.toString());
        }
    }

    /** Whether the engine was built at start-up and answered the warm-up query. */
    boolean warmed() {
        return warmed;
    }
}
