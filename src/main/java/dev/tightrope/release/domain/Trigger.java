package dev.tightrope.release.domain;

import org.eclipse.microprofile.graphql.Description;

/** What made a traffic change happen; every DeploymentEvent records one. */
@Description("What made a traffic change happen.")
public enum Trigger {
    @Description("A client of the GraphQL API (script, CI, runtime tooling): a traffic mutation sent without the "
            + "header X-Tightrope-Client: dashboard.")
    API,
    @Description("A person in the web dashboard: a traffic mutation sent with the header X-Tightrope-Client: "
            + "dashboard, which the dashboard adds to every call. A label of the client, not a permission: the "
            + "token's role decides what it may do.")
    DASHBOARD,
    @Description("A person through Slack (slash command or button).")
    SLACK,
    @Description("A trigger rule such as IF error_rate > 15% FOR 2m THEN rollback.")
    RULE,
    @Description("The canary judge's statistical verdict.")
    JUDGE,
    @Description("A tool's circuit breaker opened.")
    CIRCUIT_BREAKER,
    @Description("A rollback drill.")
    DRILL,
    @Description("A rollout plan step advanced by the scheduler.")
    SCHEDULE
}
