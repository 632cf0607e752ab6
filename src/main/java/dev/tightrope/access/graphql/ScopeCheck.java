package dev.tightrope.access.graphql;

import java.util.Map;
import java.util.Set;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.platform.error.TightropeException;

/**
 * Holds tokens with a limited {@link dev.tightrope.access.domain.TokenScope} to it, for every root field that
 * {@link AccessControl} lets through by role:
 * <ul>
 * <li><b>Every mutation</b> acts on the agent and environment its arguments name ({@code agent} and
 * {@code environment}, or the same fields of an {@code input} object; {@code to} for {@code promoteEnvironment};
 * the new agent's {@code slug} for {@code createAgent}). An argument left out means "every": a mutation that names
 * no agent (revokeApiToken, linkSlackUser, updateRule by id, …) may only be run by a token without a limit on
 * agents, and one that names no environment (createRule, setDrillSchedule: they hold in every environment) only
 * by a token without a limit on environments. {@code createAgent} and {@code createVersion} are about no
 * environment at all, so only their agent counts.</li>
 * <li><b>What runtimes receive</b>: {@code route} and {@code configChanged}, like the mutations.</li>
 * <li>Operations whose target is known only once they have loaded it check the scope themselves
 * ({@link #IN_RESOLVER}): {@code reportOutcomes} refuses the outcomes of other deployments one by one,
 * {@code createApiToken} only creates tokens within the creator's scope, the change requests and freezes named by
 * id are checked against their agent and environment.</li>
 * <li>Other queries and subscriptions are <b>not</b> limited: a scope limits what a token may change and what a
 * runtime may receive, not what people may read.</li>
 * </ul>
 */
final class ScopeCheck {

    /** Operations that check the scope themselves, once they know what they act on. */
    static final Set<String> IN_RESOLVER = Set.of("reportOutcomes", "createApiToken", "approveChange",
            "rejectChange", "deleteFreeze");
    /** Mutations about an agent but no environment in particular. */
    static final Set<String> ENVIRONMENT_FREE = Set.of("createAgent", "createVersion");
    /** Queries and subscriptions that are held to the scope: what a runtime receives. */
    static final Set<String> HELD_READS = Set.of("route", "configChanged");

    private ScopeCheck() {
    }

    /** Why the caller's scope refuses this root field, or {@code null}. */
    static TightropeException refusal(OperationType type, String operation, Map<String, ?> arguments,
            Caller caller) {
        if (caller == null || caller.scope().isFull() || IN_RESOLVER.contains(operation)) {
            return null;
        }
        if (type != OperationType.MUTATION && !HELD_READS.contains(operation)) {
            return null;
        }
        String agent = text(arguments, "agent");
        String environment = text(arguments, "promoteEnvironment".equals(operation) ? "to" : "environment");
        if (arguments.get("input") instanceof Map<?, ?> input) {
            agent = agent != null ? agent : text(input, "createAgent".equals(operation) ? "slug" : "agent");
            environment = environment != null ? environment : text(input, "environment");
        }
        boolean covered = ENVIRONMENT_FREE.contains(operation) ? caller.scope().coversAgent(agent)
                : caller.scope().covers(agent, environment);
        return covered ? null : AccessErrors.outOfScope(caller, operation, agent, environment);
    }

    private static String text(Map<?, ?> arguments, String name) {
        return arguments.get(name) instanceof String value ? value : null;
    }
}
