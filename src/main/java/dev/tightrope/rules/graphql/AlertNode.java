package dev.tightrope.rules.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.rules.domain.Alert;

/** One firing of a rule on a deployment. */
@Type("Alert")
@Description("One firing of a trigger rule on a deployment: what it saw, what it did, and who acknowledged it.")
public class AlertNode {

    private final Alert alert;

    AlertNode(Alert alert) {
        this.alert = alert;
    }

    @Id
    @NonNull
    @Description("The alert's id (for acknowledgeAlert).")
    public String getId() {
        return Long.toString(alert.id());
    }

    @Id
    @NonNull
    @Description("The id of the rule that fired.")
    public String getRuleId() {
        return Long.toString(alert.ruleId());
    }

    @NonNull
    @Description("The rule as it was when it fired (canonical form).")
    public String getRule() {
        return alert.ruleSource();
    }

    @NonNull
    @Description("The rule's revision when it fired.")
    public int getRuleRevision() {
        return alert.ruleRevision();
    }

    @NonNull
    @Description("Slug of the agent.")
    public String getAgent() {
        return alert.agent();
    }

    @NonNull
    @Description("Environment of the deployment.")
    public String getEnvironment() {
        return alert.environment();
    }

    @NonNull
    @Description("The version the rule watched: the canary during a rollout, else the stable version.")
    public int getVersion() {
        return alert.version();
    }

    @NonNull
    @Description("FIRING or RESOLVED.")
    public String getState() {
        return alert.state();
    }

    @NonNull
    @Description("INFO, WARNING or CRITICAL.")
    public String getSeverity() {
        return alert.severity();
    }

    @Description("The metric's value when the rule fired, in its base unit (rates 0 to 1, latencies in ms, USD).")
    public Double getValue() {
        return alert.value();
    }

    @NonNull
    @Description("The condition as the rule writes it: > 15%, DROPS > 20%, > 3x BASELINE.")
    public String getThreshold() {
        return alert.threshold();
    }

    @Description("The baseline's value, for relative rules.")
    public Double getBaseline() {
        return alert.baseline();
    }

    @NonNull
    @Description("Samples in the window the rule read (outcomes, or tool calls for a tool rule).")
    public long getSamples() {
        return alert.samples();
    }

    @NonNull
    @Description("The rule's action: ALERT, PAUSE, ROLLBACK, DISABLE_TOOL or FALLBACK.")
    public String getAction() {
        return alert.action();
    }

    @Description("What the action did: DONE, SKIPPED (cooldown, or nothing to act on), or the error code of the "
            + "refusal; null while it runs.")
    public String getActionOutcome() {
        return alert.actionOutcome();
    }

    @NonNull
    @Description("When the rule fired: the evaluation that saw the condition held for its FOR duration.")
    public Instant getFiredAt() {
        return alert.firedAt();
    }

    @Description("When the rule saw its condition clear (or the circuit breaker closed); null while firing.")
    public Instant getResolvedAt() {
        return alert.resolvedAt();
    }

    @Description("Who acknowledged the alert; null until someone does.")
    public String getAcknowledgedBy() {
        return alert.acknowledgedBy();
    }

    @Description("When it was acknowledged; null until then.")
    public Instant getAcknowledgedAt() {
        return alert.acknowledgedAt();
    }
}
