package dev.tightrope.platform.graphql;

import org.eclipse.microprofile.config.Config;

/**
 * Limits on what one GraphQL request may ask for, so no client can make the server walk an unbounded tree.
 *
 * @param maxDepth        deepest field nesting ({@code tightrope.graphql.max-depth}); introspection needs about 13
 * @param maxComplexity   fields in the request, each counting one, list fields included once
 *                        ({@code tightrope.graphql.max-complexity})
 */
public record GraphQLLimits(int maxDepth, int maxComplexity) {

    /** How many times the complexity the fields collected may number once fragments are expanded. */
    static final int EXPANSION_FACTOR = 10;

    static final int DEFAULT_MAX_DEPTH = 15;
    static final int DEFAULT_MAX_COMPLEXITY = 500;

    public static GraphQLLimits from(Config config) {
        return new GraphQLLimits(
                config.getOptionalValue("tightrope.graphql.max-depth", Integer.class).orElse(DEFAULT_MAX_DEPTH),
                config.getOptionalValue("tightrope.graphql.max-complexity", Integer.class)
                        .orElse(DEFAULT_MAX_COMPLEXITY));
    }

    /**
     * Fields one operation may select once every fragment spread is replaced by its fragment (5 000 by default):
     * {@value #EXPANSION_FACTOR} times the complexity, since the engine merges repeated fields before it counts that.
     * It bounds the work of collecting fields, which the complexity limit does not (see {@link FragmentExpansion}).
     */
    public long maxExpandedFields() {
        return (long) maxComplexity * EXPANSION_FACTOR;
    }
}
