package dev.tightrope.audit.domain;

/** Through which channel an audited action came in. */
public enum AuditSource {
    /** The GraphQL API, called with an API token (scripts, CI, runtimes, the dashboard). */
    API,
    /** A person through Slack (slash command or button). */
    SLACK,
    /** A scheduled job of Tightrope itself (rollout plans, rules, drills). */
    SCHEDULER,
    /** The canary judge's statistical verdict. */
    JUDGE
}
