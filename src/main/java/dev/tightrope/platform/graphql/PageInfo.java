package dev.tightrope.platform.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Relay page information; lists only page forward, so {@code hasPreviousPage} tells whether a cursor was given. */
@Description("Where this page sits in its list (Relay cursor connections).")
public record PageInfo(
        @Description("True when more items follow this page.") @NonNull boolean hasNextPage,
        @Description("True when items come before this page.") @NonNull boolean hasPreviousPage,
        @Description("Cursor of the page's first item; null for an empty page.") String startCursor,
        @Description("Cursor of the page's last item: pass it as after for the next page; null for an empty page.")
        String endCursor) {
}
