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
    public String getId() {
        return Long.toString(alert.id());
    }

    @Id
    @NonNull
    public String getRuleId() {
        return Long.toString(alert.ruleId());
    }

    @NonNull
    @Description("The rule as it was when it fired (canonical form).")
    public String getRule() {
        return alert.ruleSource();
    }

    @NonNull
    public int getRuleRevision() {
        return alert.ruleRevision();
    }

    @NonNull
    public String getAgent() {
        return alert.agent();
    }

    @NonNull
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

    public Instant getResolvedAt() {
        return alert.resolvedAt();
    }

    public String getAcknowledgedBy() {
        return alert.acknowledgedBy();
    }

    public Instant getAcknowledgedAt() {
        return alert.acknowledgedAt();
    }
}
