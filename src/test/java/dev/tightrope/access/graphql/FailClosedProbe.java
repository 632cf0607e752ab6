package dev.tightrope.access.graphql;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;

/**
 * A mutation that exists only in the test application and has no rule in AccessPolicy: the stand-in for "someone
 * added an operation and forgot access control". RoleMatrixTest expects everybody, ADMIN included, to be refused,
 * and this resolver never to run.
 */
@GraphQLApi
public class FailClosedProbe {

    static final AtomicInteger INVOCATIONS = new AtomicInteger();

    @Mutation
    @Description("Test only: an operation without an access rule.")
    public boolean failClosedProbe(@Description("Ignored.") String note) {
        INVOCATIONS.incrementAndGet();
        return true;
    }
}
