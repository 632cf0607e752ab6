package dev.tightrope.rules.application;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleAction;
import io.smallrye.mutiny.Uni;

/**
 * What a firing rule does to its deployment, through the same release service as the API, with trigger
 * {@code RULE}. Each action carries the generation the rule judged as {@code expectedGeneration} (a deployment
 * changed meanwhile is not acted on: its new state has not been judged) and the idempotency key
 * {@code rule:<rule>:<deployment>:<firing>}, so an evaluation retried after a crash, or by another instance, acts
 * once.
 */
@ApplicationScoped
public class RuleActions {

    /** What the action did, as recorded on the alert. */
    public static final String DONE = "DONE";
    public static final String SKIPPED = "SKIPPED";

    private static final Logger LOG = Logger.getLogger(RuleActions.class);

    private final TrafficService traffic;

    RuleActions(TrafficService traffic) {
        this.traffic = traffic;
    }

    /** Acts; the outcome: DONE, SKIPPED (nothing to act on) or the error code of the refusal. */
    public Uni<String> act(long ruleId, Rule rule, RoutingTable table, long firing, String reason) {
        TrafficCommand command = switch (rule.action()) {
            case ROLLBACK -> new TrafficCommand.Rollback(null, null);
            case FALLBACK -> new TrafficCommand.Rollback(rule.fallbackVersion(), null);
            case PAUSE -> table.split().rolloutId() == null ? null : new TrafficCommand.PauseRollout();
            case ALERT, DISABLE_TOOL -> null;
        };
        if (command == null) {
            return Uni.createFrom().item(rule.action() == RuleAction.ALERT ? DONE : SKIPPED);
        }
        String text = reason.length() <= TrafficService.MAX_REASON_LENGTH ? reason
                : reason.substring(0, TrafficService.MAX_REASON_LENGTH - 1) + "…";
        TrafficRequest request = new TrafficRequest(table.agent(), table.environment(), command, table.generation(),
                "rule:" + ruleId + ":" + table.deploymentId() + ":" + firing, text, Trigger.RULE,
                "rule " + ruleId);
        return traffic.change(request)
                .invoke(event -> LOG.infof("Rule %d: %s %s/%s: %s", ruleId,
                        rule.action().name().toLowerCase(Locale.ROOT), table.agent(), table.environment(), text))
                .replaceWith(DONE)
                .onFailure().recoverWithItem(failure -> {
                    String code = ErrorTranslator.codeOf(failure).name();
                    LOG.warnf("Rule %d could not %s %s/%s (%s): %s", ruleId,
                            rule.action().name().toLowerCase(Locale.ROOT), table.agent(), table.environment(), code,
                            failure.getMessage());
                    return code;
                });
    }
}
