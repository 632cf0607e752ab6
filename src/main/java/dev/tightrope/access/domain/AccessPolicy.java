package dev.tightrope.access.domain;

import static dev.tightrope.access.domain.Role.ADMIN;
import static dev.tightrope.access.domain.Role.OPERATOR;
import static dev.tightrope.access.domain.Role.RUNTIME;
import static dev.tightrope.access.domain.Role.VIEWER;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may run which operation: the one rule table of access control. Every root field of {@code Query},
 * {@code Mutation} and {@code Subscription} is checked against it before it runs, and so is every call of the plain
 * HTTP endpoints ({@link OperationType#HTTP}, named {@code "<METHOD> <path template>"}).
 *
 * <p>An entry lists the lowest roles that may run the operation; higher roles of people are included
 * ({@link Role#includes}): an operation open to VIEWER is open to OPERATOR and ADMIN as well, but not to RUNTIME,
 * which must be listed on its own. Summary:
 * <pre>
 *   VIEWER    every query except apiTokens and auditLog (viewer: who am I; demo: demo mode's state); every
 *               subscription
 *   OPERATOR  + traffic changes (deploy, startRollout, advanceRollout, promote, pauseRollout, resumeRollout,
 *               rollback, promoteEnvironment), trigger rules (createRule, updateRule, deleteRule, setDefaultRules),
 *               acknowledgeAlert, runRollbackDrill, change requests (requestChange; approveChange and
 *               rejectChange, not by the requester),
 *               and reading the audit log
 *   ADMIN     + agents and versions (createAgent, createVersion), API tokens (createApiToken, revokeApiToken,
 *               apiTokens), Slack settings (linkSlackUser, unlinkSlackUser, slackUsers, setSlackWebhook), drill
 *               schedules (setDrillSchedule), protected environments (protectEnvironment, unprotectEnvironment),
 *               release freezes (createFreeze, deleteFreeze) and the overrideFreeze argument wherever it is taken
 *   RUNTIME   only route, configChanged, acknowledgeConfig and reportOutcomes (which ADMIN may run too)
 *   HTTP      the runtime API (config, config stream, outcomes and OTLP traces: RUNTIME and ADMIN;
 *               acknowledgements: RUNTIME, like acknowledgeConfig)
 * </pre>
 *
 * <p><b>Fail closed:</b> an operation missing from the table is refused to every caller (FORBIDDEN), so a new
 * operation stays unusable until someone decides who may run it here. Examples:
 * <pre>
 *   decide(MUTATION, "rollback", OPERATOR)     → ALLOWED
 *   decide(MUTATION, "rollback", VIEWER)       → FORBIDDEN
 *   decide(QUERY, "route", RUNTIME)            → ALLOWED
 *   decide(QUERY, "agents", RUNTIME)           → FORBIDDEN
 *   decide(QUERY, "agents", null)              → UNAUTHENTICATED (no valid token)
 *   decide(MUTATION, "somethingNew", ADMIN)    → FORBIDDEN (no rule yet)
 *   decide(HTTP, "GET /api/v1/agents/{agent}/environments/{environment}/config", VIEWER) → FORBIDDEN
 * </pre>
 */
public final class AccessPolicy {

    /** The three root types of the schema, and the plain HTTP endpoints. */
    public enum OperationType {
        QUERY("Query"), MUTATION("Mutation"), SUBSCRIPTION("Subscription"),
        /** An HTTP endpoint outside GraphQL, named {@code "<METHOD> <path template>"}; not a schema type. */
        HTTP("HTTP");

        private final String typeName;

        OperationType(String typeName) {
            this.typeName = typeName;
        }

        /** The GraphQL type name ({@code Query}, ...). */
        public String typeName() {
            return typeName;
        }

        /** The root type with this GraphQL name, if it is one ({@link #HTTP} never is). */
        public static Optional<OperationType> ofTypeName(String name) {
            for (OperationType type : values()) {
                if (type != HTTP && type.typeName.equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** The answer to "may this caller run this operation?". */
    public enum Decision {
        ALLOWED,
        /** No (valid) API token. */
        UNAUTHENTICATED,
        /** A valid token whose role does not allow the operation, or an operation without a rule. */
        FORBIDDEN
    }

    /** One root field. */
    public record Operation(OperationType type, String name) {
        @Override
        public String toString() {
            return type.typeName() + "." + name;
        }
    }

    /** {@code GET} of a deployment's routing configuration (runtime API). */
    public static final String HTTP_CONFIG = "GET /api/v1/agents/{agent}/environments/{environment}/config";
    /** {@code GET} of the Server-Sent Events stream of a deployment's routing configuration (runtime API). */
    public static final String HTTP_CONFIG_STREAM =
            "GET /api/v1/agents/{agent}/environments/{environment}/config/stream";
    /** {@code POST} of a runtime's acknowledgement of a generation (runtime API). */
    public static final String HTTP_ACKNOWLEDGEMENTS =
            "POST /api/v1/agents/{agent}/environments/{environment}/acknowledgements";
    /** {@code POST} of outcomes as NDJSON. */
    public static final String HTTP_OUTCOMES = "POST /api/v1/outcomes";
    /** {@code POST} of OpenTelemetry spans (OTLP/HTTP), read into outcomes. */
    public static final String HTTP_OTLP_TRACES = "POST /v1/traces";

    /**
     * An argument that only an ADMIN may pass, on whichever operation takes it: {@code overrideFreeze} (deploy,
     * startRollout, advanceRollout, promote, promoteEnvironment, approveChange) acts although a release freeze holds.
     */
    public static final String OVERRIDE_FREEZE = "overrideFreeze";

    private static final Map<Operation, Set<Role>> RULES = table();

    private AccessPolicy() {
    }

    private static Map<Operation, Set<Role>> table() {
        Map<Operation, Set<Role>> rules = new LinkedHashMap<>();
        // registry reads
        rule(rules, OperationType.QUERY, "agent", VIEWER);
        rule(rules, OperationType.QUERY, "agents", VIEWER);
        rule(rules, OperationType.QUERY, "version", VIEWER);
        rule(rules, OperationType.QUERY, "diff", VIEWER);
        // release reads and streams
        rule(rules, OperationType.QUERY, "deployment", VIEWER);
        rule(rules, OperationType.QUERY, "deployments", VIEWER);
        rule(rules, OperationType.QUERY, "route", VIEWER, RUNTIME);
        rule(rules, OperationType.SUBSCRIPTION, "configChanged", VIEWER, RUNTIME);
        rule(rules, OperationType.SUBSCRIPTION, "deploymentChanged", VIEWER);
        rule(rules, OperationType.QUERY, "canaryComparison", VIEWER);
        rule(rules, OperationType.SUBSCRIPTION, "canaryComparison", VIEWER);
        // rollback statistics (drills feature): figures of the deployment history, which every viewer may read
        rule(rules, OperationType.QUERY, "rollbackStats", VIEWER);
        // what runtimes report
        rule(rules, OperationType.MUTATION, "acknowledgeConfig", RUNTIME);
        rule(rules, OperationType.MUTATION, "reportOutcomes", RUNTIME, ADMIN);
        // traffic changes
        rule(rules, OperationType.MUTATION, "deploy", OPERATOR);
        rule(rules, OperationType.MUTATION, "startRollout", OPERATOR);
        rule(rules, OperationType.MUTATION, "advanceRollout", OPERATOR);
        rule(rules, OperationType.MUTATION, "promote", OPERATOR);
        rule(rules, OperationType.MUTATION, "pauseRollout", OPERATOR);
        rule(rules, OperationType.MUTATION, "resumeRollout", OPERATOR);
        rule(rules, OperationType.MUTATION, "rollback", OPERATOR);
        // trigger rules and their alerts
        rule(rules, OperationType.QUERY, "validateRule", VIEWER);
        rule(rules, OperationType.QUERY, "alerts", VIEWER);
        rule(rules, OperationType.SUBSCRIPTION, "alerts", VIEWER);
        rule(rules, OperationType.MUTATION, "createRule", OPERATOR);
        rule(rules, OperationType.MUTATION, "updateRule", OPERATOR);
        rule(rules, OperationType.MUTATION, "deleteRule", OPERATOR);
        rule(rules, OperationType.MUTATION, "setDefaultRules", OPERATOR);
        rule(rules, OperationType.MUTATION, "acknowledgeAlert", OPERATOR);
        // rollback drills: running one is a rollback (OPERATOR); scheduling LIVE drills for an agent is ADMIN's
        rule(rules, OperationType.QUERY, "drills", VIEWER);
        rule(rules, OperationType.QUERY, "drill", VIEWER);
        rule(rules, OperationType.QUERY, "drillSchedule", VIEWER);
        rule(rules, OperationType.MUTATION, "runRollbackDrill", OPERATOR);
        rule(rules, OperationType.MUTATION, "setDrillSchedule", ADMIN);
        // protected environments, release freezes, change requests, promotion between environments
        rule(rules, OperationType.QUERY, "protectedEnvironments", VIEWER);
        rule(rules, OperationType.QUERY, "freezes", VIEWER);
        rule(rules, OperationType.QUERY, "changeRequests", VIEWER);
        rule(rules, OperationType.QUERY, "changeRequest", VIEWER);
        rule(rules, OperationType.MUTATION, "protectEnvironment", ADMIN);
        rule(rules, OperationType.MUTATION, "unprotectEnvironment", ADMIN);
        rule(rules, OperationType.MUTATION, "createFreeze", ADMIN);
        rule(rules, OperationType.MUTATION, "deleteFreeze", ADMIN);
        rule(rules, OperationType.MUTATION, "requestChange", OPERATOR);
        // not by the requester: ChangeRequests refuses that (FORBIDDEN), whatever the role
        rule(rules, OperationType.MUTATION, "approveChange", OPERATOR);
        rule(rules, OperationType.MUTATION, "rejectChange", OPERATOR);
        rule(rules, OperationType.MUTATION, "promoteEnvironment", OPERATOR);
        // registry writes
        rule(rules, OperationType.MUTATION, "createAgent", ADMIN);
        rule(rules, OperationType.MUTATION, "createVersion", ADMIN);
        // access control and its audit trail; viewer tells people their own token's name and role (the dashboard)
        rule(rules, OperationType.QUERY, "viewer", VIEWER);
        // demo mode's state, for the dashboard's banner
        rule(rules, OperationType.QUERY, "demo", VIEWER);
        rule(rules, OperationType.QUERY, "auditLog", OPERATOR);
        rule(rules, OperationType.QUERY, "apiTokens", ADMIN);
        rule(rules, OperationType.MUTATION, "createApiToken", ADMIN);
        rule(rules, OperationType.MUTATION, "revokeApiToken", ADMIN);
        // Slack settings: who may act from Slack, and where notifications go
        rule(rules, OperationType.QUERY, "slackUsers", ADMIN);
        rule(rules, OperationType.MUTATION, "linkSlackUser", ADMIN);
        rule(rules, OperationType.MUTATION, "unlinkSlackUser", ADMIN);
        rule(rules, OperationType.MUTATION, "setSlackWebhook", ADMIN);
        // the runtime API over plain HTTP: what runtimes need; acknowledging stays the runtimes' own, as over GraphQL
        rule(rules, OperationType.HTTP, HTTP_CONFIG, RUNTIME, ADMIN);
        rule(rules, OperationType.HTTP, HTTP_CONFIG_STREAM, RUNTIME, ADMIN);
        rule(rules, OperationType.HTTP, HTTP_ACKNOWLEDGEMENTS, RUNTIME);
        rule(rules, OperationType.HTTP, HTTP_OUTCOMES, RUNTIME, ADMIN);
        rule(rules, OperationType.HTTP, HTTP_OTLP_TRACES, RUNTIME, ADMIN);
        return Collections.unmodifiableMap(rules);
    }

    private static void rule(Map<Operation, Set<Role>> rules, OperationType type, String name, Role first,
            Role... more) {
        Set<Role> allowed = EnumSet.of(first, more);
        if (rules.put(new Operation(type, name), Collections.unmodifiableSet(allowed)) != null) {
            throw new IllegalStateException("two rules for " + type.typeName() + "." + name);
        }
    }

    /**
     * @param caller the caller's role; {@code null} when the request has no valid API token
     */
    public static Decision decide(OperationType type, String operation, Role caller) {
        if (caller == null) {
            return Decision.UNAUTHENTICATED;
        }
        Set<Role> allowed = RULES.get(new Operation(type, operation));
        if (allowed == null) {
            return Decision.FORBIDDEN;
        }
        for (Role role : allowed) {
            if (caller.includes(role)) {
                return Decision.ALLOWED;
            }
        }
        return Decision.FORBIDDEN;
    }

    /** The lowest roles allowed to run the operation; empty when it has no rule (nobody may). */
    public static Optional<Set<Role>> allowedRoles(OperationType type, String operation) {
        return Optional.ofNullable(RULES.get(new Operation(type, operation)));
    }

    /** The whole table, in the order above. */
    public static Map<Operation, Set<Role>> rules() {
        return RULES;
    }
}
