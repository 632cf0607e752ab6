package dev.tightrope.platform.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Relay page information; lists only page forward, so {@code hasPreviousPage} tells whether a cursor was given. */
@Description("Where this page sits in its list (Relay cursor connections).")
public record PageInfo(@NonNull boolean hasNextPage, @NonNull boolean hasPreviousPage, String startCursor,
        String endCursor) {
}
