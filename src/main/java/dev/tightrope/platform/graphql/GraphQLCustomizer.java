package dev.tightrope.platform.graphql;

import graphql.GraphQL;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.spi.EventingService;

/**
 * What {@code META-INF/services/io.smallrye.graphql.spi.EventingService} registers: hands the engine's builder to
 * the {@link GraphQLEngineSetup} bean of the running application.
 *
 * <p>Why a hand-over: SmallRye GraphQL loads its eventing services once per JVM and keeps them. In dev mode a live
 * reload starts a new application with new classes while that singleton keeps the first instance, whose error
 * handler would no longer recognise the new application's exceptions (every error became INTERNAL). This class
 * refers only to types that outlive a reload and looks the bean up again on every build.
 */
public class GraphQLCustomizer implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        GraphQLEngineSetup setup = Arc.container().<GraphQLEngineSetup>instance(GraphQLEngineSetup.BEAN_NAME).get();
        if (setup == null) {
            throw new IllegalStateException("bean " + GraphQLEngineSetup.BEAN_NAME + " is missing");
        }
        return setup.customize(builder);
    }
}
