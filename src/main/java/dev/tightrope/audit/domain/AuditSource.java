package dev.tightrope.audit.domain;

import org.eclipse.microprofile.graphql.Description;

/** Through which channel an audited action came in. */
@Description("Through which channel an audited action came in.")
public enum AuditSource {
    @Description("The GraphQL API, called with an API token (scripts, CI, runtimes, the dashboard).")
    API,
    @Description("A person through Slack (slash command or button).")
    SLACK,
    @Description("A scheduled job of Tightrope itself (rollout plans, rules, drills).")
    SCHEDULER,
    @Description("The canary judge's statistical verdict.")
    JUDGE
}
