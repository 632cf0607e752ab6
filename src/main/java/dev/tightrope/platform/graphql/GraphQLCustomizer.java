package dev.tightrope.platform.graphql;

import java.util.function.UnaryOperator;

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
 * refers only to types that outlive a reload (the bean is
 * used through {@link UnaryOperator}) and looks the bean up again on every build.
 */
public class GraphQLCustomizer implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        // typed by a JDK interface, not by GraphQLEngineSetup: after a live reload that class is a new one
        Object setup = Arc.container().instance(GraphQLEngineSetup.BEAN_NAME).get();
        if (!(setup instanceof UnaryOperator<?> customizer)) {
            throw new IllegalStateException("bean " + GraphQLEngineSetup.BEAN_NAME + " is missing");
        }
        @SuppressWarnings("unchecked")
        UnaryOperator<GraphQL.Builder> typed = (UnaryOperator<GraphQL.Builder>) customizer;
        return typed.apply(builder);
    }
}
