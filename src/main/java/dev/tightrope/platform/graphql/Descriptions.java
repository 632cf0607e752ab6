package dev.tightrope.platform.graphql;

/** Descriptions of arguments and fields that many operations share, so the schema says the same thing everywhere. */
public final class Descriptions {

    public static final String AGENT = "Slug of the agent.";
    public static final String ENVIRONMENT = "Environment name, e.g. production.";
    public static final String FIRST = "How many items per page: 20 by default, at most 100.";
    public static final String AFTER = "The endCursor of the previous page; none for the first page.";
    public static final String CURSOR = "Opaque position of this item: pass it as after to get the items that follow.";
    public static final String EXPECTED_GENERATION =
            "Act only if the deployment is at this generation; otherwise CONFLICT and nothing changes.";
    public static final String IDEMPOTENCY_KEY =
            "A retry with the same key and arguments returns the first result; with other arguments it is a CONFLICT.";
    public static final String REASON = "Why: kept in the deployment's history and the audit log.";

    public static final String OVERRIDE_FREEZE = "ADMIN only: act although a release freeze holds, and say why "
            + "(recorded in the change's reason and the audit log).";

    private Descriptions() {
    }
}
