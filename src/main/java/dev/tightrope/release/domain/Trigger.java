package dev.tightrope.release.domain;

/** What made a traffic change happen; every DeploymentEvent records one. */
public enum Trigger {
    /** A client of the GraphQL API (script, CI, runtime tooling). */
    API,
    /** A person in the web dashboard. */
    DASHBOARD,
    /** A person through Slack (slash command or button). */
    SLACK,
    /** A trigger rule such as {@code IF error_rate > 15% FOR 2m THEN rollback}. */
    RULE,
    /** The canary judge's statistical verdict. */
    JUDGE,
    /** A tool's circuit breaker opened. */
    CIRCUIT_BREAKER,
    /** A rollback drill. */
    DRILL,
    /** A rollout plan step advanced by the scheduler. */
    SCHEDULE
}
