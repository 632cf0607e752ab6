package dev.tightrope.access.domain;

import org.eclipse.microprofile.graphql.Description;

/**
 * What a caller may do. Roles of people are ordered: each includes everything of the ones before it.
 * {@link #RUNTIME} stands apart: an agent runtime may only route, acknowledge configurations, receive them, and
 * report outcomes.
 */
@Description("What a caller may do. VIEWER < OPERATOR < ADMIN each include the ones before; RUNTIME stands apart.")
public enum Role {
    @Description("Queries and subscriptions.")
    VIEWER,
    @Description("Viewer, plus traffic changes, rules, acknowledging alerts, drills.")
    OPERATOR,
    @Description("Operator, plus agents, versions, tokens and Slack settings.")
    ADMIN,
    @Description("Only route, acknowledgeConfig, configChanged and outcome reporting.")
    RUNTIME;

    /** Whether a caller with this role may do what {@code required} allows. */
    public boolean includes(Role required) {
        if (this == RUNTIME || required == RUNTIME) {
            return this == required;
        }
        return ordinal() >= required.ordinal();
    }
}
