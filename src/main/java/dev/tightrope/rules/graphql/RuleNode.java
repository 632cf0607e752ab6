package dev.tightrope.rules.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.rules.application.Rules;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleAction;
import dev.tightrope.rules.domain.RuleMetric;
import dev.tightrope.rules.domain.Severity;

/** A trigger rule of an agent, at its current revision. */
@Type("Rule")
@Description("A trigger rule of an agent at its current revision, e.g. IF error_rate > 15% FOR 2m THEN rollback.")
public class RuleNode {

    private final Rules.RuleView view;

    RuleNode(Rules.RuleView view) {
        this.view = view;
    }

    private Rule rule() {
        return view.rule();
    }

    @Id
    @NonNull
    @Description("The rule's id (for updateRule and deleteRule).")
    public String getId() {
        return Long.toString(view.stored().id());
    }

    @NonNull
    @Description("Starts at 1; every updateRule adds one (the old revisions are kept).")
    public int getRevision() {
        return view.stored().revision();
    }

    @NonNull
    @Description("The rule as it was written.")
    public String getSource() {
        return view.stored().source();
    }

    @NonNull
    @Description("The rule in canonical form (keywords upper case, options at their defaults left out).")
    public String getExpression() {
        return view.stored().canonical();
    }

    @NonNull
    @Description("What the rule watches.")
    public RuleMetric getMetric() {
        return rule().metric();
    }

    @Description("The tool of tool_error_rate(tool).")
    public String getTool() {
        return rule().tool();
    }

    @NonNull
    @Description("How long the condition must hold before the rule fires, in seconds (0: at once).")
    public long getForSeconds() {
        return rule().forDuration().toSeconds();
    }

    @NonNull
    @Description("What the rule does when it fires.")
    public RuleAction getAction() {
        return rule().action();
    }

    @Description("The version of fallback TO VERSION n, else null.")
    public Integer getFallbackVersion() {
        return rule().fallbackVersion();
    }

    @NonNull
    @Description("The severity of its alerts.")
    public Severity getSeverity() {
        return rule().severity();
    }

    @NonNull
    @Description("Samples its window needs before the rule may fire (MIN_SAMPLES).")
    public int getMinSamples() {
        return rule().minSamples();
    }

    @NonNull
    @Description("After acting, how long it waits before acting again on the same deployment (COOLDOWN), in seconds.")
    public long getCooldownSeconds() {
        return rule().cooldown().toSeconds();
    }

    @NonNull
    @Description("One of the four rules every agent starts with (see setDefaultRules).")
    public boolean getIsDefault() {
        return "DEFAULT".equals(view.stored().origin());
    }

    @NonNull
    @Description("When the rule was created.")
    public Instant getCreatedAt() {
        return view.stored().createdAt();
    }

    @NonNull
    @Description("Who created it.")
    public String getCreatedBy() {
        return view.stored().createdBy();
    }

    @NonNull
    @Description("When its current revision was made.")
    public Instant getUpdatedAt() {
        return view.stored().updatedAt();
    }

    @Description("When the rule was deleted; null while it is active.")
    public Instant getDeletedAt() {
        return view.stored().deletedAt();
    }
}
