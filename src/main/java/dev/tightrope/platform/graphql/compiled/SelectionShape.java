package dev.tightrope.platform.graphql.compiled;

import java.util.Map;
import java.util.Set;

/**
 * The fields of one GraphQL object type that a fast path knows how to write: scalar fields ({@code leaves}, each
 * without arguments or sub-selection) and object fields with their own shape. A document selecting anything else is
 * left to the engine.
 */
public record SelectionShape(Set<String> leaves, Map<String, SelectionShape> objects) {

    public SelectionShape {
        leaves = Set.copyOf(leaves);
        objects = Map.copyOf(objects);
    }

    /** A type whose known fields are all scalars. */
    public static SelectionShape ofLeaves(Set<String> leaves) {
        return new SelectionShape(leaves, Map.of());
    }
}
