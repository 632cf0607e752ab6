package dev.tightrope.demo.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import dev.tightrope.demo.application.DemoDriver;
import io.smallrye.common.annotation.NonBlocking;

/** Demo mode's state, for the dashboard's banner. */
@GraphQLApi
public class DemoGraphQL {

    private final DemoDriver driver;

    DemoGraphQL(DemoDriver driver) {
        this.driver = driver;
    }

    @Query
    @NonBlocking
    @NonNull
    @Description("Demo mode (tightrope.demo.enabled, on in dev mode only): whether this instance runs it, and where "
            + "its story stands, so the dashboard can explain what is happening.")
    public DemoNode demo() {
        return driver.status().map(DemoNode::new).orElseGet(DemoNode::off);
    }
}
