package dev.tightrope.rules.application;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.ToolGate;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.rules.domain.ActionKey;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleAction;
import io.smallrye.mutiny.Uni;

/**
 * What a firing rule does to its deployment, through the same release service as the API, with trigger
 * {@code RULE}. Each action carries the generation the rule judged as {@code expectedGeneration} (a deployment
 * changed meanwhile is not acted on: its new state has not been judged) and the idempotency key
 * {@code rule:<rule>:<deployment>:<firing>}, so an evaluation retried after a crash, or by another instance, acts
 * once. {@code disable_tool} opens the tool's circuit breaker (trigger {@code CIRCUIT_BREAKER}): the tool is listed
 * in route()'s {@code disabledTools} and in the configuration's {@code toolGates} from the next generation on.
 */
@ApplicationScoped
public class RuleActions {

    /** What the action did, as recorded on the alert. */
    public static final String DONE = "DONE";
    public static final String SKIPPED = "SKIPPED";

    /** The release guard's refusals, after which a fallback rolls back instead. */
    private static final Set<String> HELD = Set.of(ErrorCode.FROZEN.name(), ErrorCode.APPROVAL_REQUIRED.name(),
            ErrorCode.SOAK_REQUIRED.name());

    private static final Logger LOG = Logger.getLogger(RuleActions.class);

    private final TrafficService traffic;
    private final Clock clock;

    RuleActions(TrafficService traffic, Clock clock) {
        this.traffic = traffic;
        this.clock = clock;
    }

    /**
     * Moves a tool's circuit breaker (half-open, open again, close) as the evaluator decided, with trigger
     * {@code CIRCUIT_BREAKER} and the key {@code breaker:<deployment>:<tool>:<generation>}: each move once.
     *
     * @param state the breaker's new state, null to close it
     */
    public Uni<String> moveBreaker(RoutingTable table, String tool, ToolGate.State state, int share, String reason) {
        TrafficRequest request = new TrafficRequest(table.agent(), table.environment(), new TrafficCommand.GateTool(
                tool, state, share, clock.instant(), reason), table.generation(), "breaker:" + table.deploymentId()
                + ":" + tool + ":" + table.generation(), reason, Trigger.CIRCUIT_BREAKER, "circuit breaker");
        return traffic.change(request)
                .invoke(event -> LOG.infof("Circuit breaker of %s on %s/%s: %s", tool, table.agent(),
                        table.environment(), reason))
                .replaceWith(DONE)
                .onFailure().recoverWithItem(failure -> {
                    String code = ErrorTranslator.codeOf(failure).name();
                    LOG.warnf("Circuit breaker of %s on %s/%s could not move (%s): %s", tool, table.agent(),
                            table.environment(), code, failure.getMessage());
                    return code;
                });
    }

    /** Acts; the outcome: DONE, SKIPPED (nothing to act on) or the error code of the refusal. */
    public Uni<String> act(long ruleId, Rule rule, RoutingTable table, long firing, String reason) {
        TrafficCommand command = switch (rule.action()) {
            case ROLLBACK -> new TrafficCommand.Rollback(null, null);
            case FALLBACK -> new TrafficCommand.Rollback(rule.fallbackVersion(), null);
            case PAUSE -> table.split().rolloutId() == null ? null : new TrafficCommand.PauseRollout();
            case DISABLE_TOOL -> table.toolGates().containsKey(rule.tool()) ? null
                    : new TrafficCommand.GateTool(rule.tool(), ToolGate.State.OPEN, 0, clock.instant(),
                            "circuit breaker of " + rule.tool() + " opened by " + reason);
            case ALERT -> null;
        };
        if (command == null) {
            return Uni.createFrom().item(rule.action() == RuleAction.ALERT ? DONE : SKIPPED);
        }
        ActionKey key = new ActionKey(ruleId, table.deploymentId(), firing);
        Trigger trigger = rule.action() == RuleAction.DISABLE_TOOL ? Trigger.CIRCUIT_BREAKER : Trigger.RULE;
        return perform(ruleId, rule.action(), table, command, key.text(), reason, trigger)
                .chain(outcome -> rule.action() == RuleAction.FALLBACK && HELD.contains(outcome)
                        ? rollbackInstead(ruleId, rule, table, key, reason, outcome)
                        : Uni.createFrom().item(outcome));
    }

    /**
     * A fallback the release guard held (its version was never live in a frozen or protected environment) becomes a
     * rollback, which nothing holds: the rule fired because the live version is bad, and the way back is still open.
     * Its outcome says so: {@code DONE (rollback instead: APPROVAL_REQUIRED)}.
     */
    private Uni<String> rollbackInstead(long ruleId, Rule rule, RoutingTable table, ActionKey key, String reason,
            String held) {
        String why = TrafficService.withNote(reason, "[fallback to version " + rule.fallbackVersion() + " held: "
                + held + "; rolled back instead]");
        return perform(ruleId, RuleAction.ROLLBACK, table, new TrafficCommand.Rollback(null, null),
                key.rollbackInsteadText(), why, Trigger.RULE)
                .map(outcome -> DONE.equals(outcome) ? DONE + " (rollback instead: " + held + ")" : outcome);
    }

    private Uni<String> perform(long ruleId, RuleAction action, RoutingTable table, TrafficCommand command,
            String key, String reason, Trigger trigger) {
        String text = shorten(reason, TrafficService.MAX_REASON_LENGTH);
        TrafficRequest request = new TrafficRequest(table.agent(), table.environment(), command, table.generation(),
                key, text, trigger, "rule " + ruleId);
        String verb = action.name().toLowerCase(Locale.ROOT);
        return traffic.change(request)
                .invoke(event -> LOG.infof("Rule %d: %s %s/%s: %s", ruleId, verb, table.agent(),
                        table.environment(), text))
                .replaceWith(DONE)
                .onFailure().recoverWithItem(failure -> {
                    String code = ErrorTranslator.codeOf(failure).name();
                    LOG.warnf("Rule %d could not %s %s/%s (%s): %s", ruleId, verb, table.agent(),
                            table.environment(), code, failure.getMessage());
                    return code;
                });
    }

    private static String shorten(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
