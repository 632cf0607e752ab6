package dev.tightrope.access.domain;

/**
 * What a caller may do. Roles of people are ordered: each includes everything of the ones before it.
 * {@link #RUNTIME} stands apart: an agent runtime may only route, acknowledge configurations, receive them, and
 * report outcomes.
 */
public enum Role {
    /** Queries and subscriptions. */
    VIEWER,
    /** Viewer, plus traffic changes, rules, acknowledging alerts, drills. */
    OPERATOR,
    /** Operator, plus agents, versions, tokens and Slack settings. */
    ADMIN,
    /** Only route, acknowledgeConfig, configChanged and outcome reporting. */
    RUNTIME;

    /** Whether a caller with this role may do what {@code required} allows. */
    public boolean includes(Role required) {
        if (this == RUNTIME || required == RUNTIME) {
            return this == required;
        }
        return ordinal() >= required.ordinal();
    }
}
