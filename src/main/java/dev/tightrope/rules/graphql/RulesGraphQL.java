package dev.tightrope.rules.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AFTER;
import static dev.tightrope.platform.graphql.Descriptions.AGENT;
import static dev.tightrope.platform.graphql.Descriptions.CURSOR;
import static dev.tightrope.platform.graphql.Descriptions.FIRST;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.Connections;
import dev.tightrope.platform.graphql.PageInfo;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.registry.graphql.AgentNode;
import dev.tightrope.rules.application.AlertFeed;
import dev.tightrope.rules.application.Alerts;
import dev.tightrope.rules.application.Rules;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Trigger rules and their alerts. */
@GraphQLApi
public class RulesGraphQL {

    private static final String EXPRESSION = "The rule as text, e.g. IF error_rate > 15% FOR 2m THEN rollback.";
    private static final String INPUT = "The rule field by field (give either expression or input).";

    private final Rules rules;
    private final Alerts alerts;
    private final AlertFeed feed;
    private final ActorProvider actors;

    RulesGraphQL(Rules rules, Alerts alerts, AlertFeed feed, ActorProvider actors) {
        this.rules = rules;
        this.alerts = alerts;
        this.feed = feed;
        this.actors = actors;
    }

    @NonNull
    @Description("The agent's active trigger rules (its four default rules included unless it opted out).")
    public Uni<List<@NonNull RuleNode>> rules(@Source AgentNode agent) {
        return rules.ofAgent(agent.getSlug()).map(views -> views.stream().map(RuleNode::new).toList());
    }

    @NonNull
    @Description("Whether the agent's four default rules are on (true until setDefaultRules turns them off).")
    public Uni<Boolean> defaultRulesEnabled(@Source AgentNode agent) {
        return rules.defaultsEnabled(agent.getSlug());
    }

    @Mutation
    @NonNull
    @Description("Adds a trigger rule to an agent, as text (expression, e.g. \"IF error_rate > 15% FOR 2m THEN "
            + "rollback\") or field by field (input): exactly one of the two.")
    public Uni<RuleNode> createRule(@Description(AGENT) @NonNull String agent,
            @Description(EXPRESSION) String expression, @Description(INPUT) RuleInput input) {
        return rules.create(agent, text(expression, input), actors.current()).map(RuleNode::new);
    }

    @Mutation
    @NonNull
    @Description("Replaces a rule with a new revision (the old one is kept); its state on every deployment starts "
            + "again from OK.")
    public Uni<RuleNode> updateRule(@Description("The rule's id.") @NonNull @Id String id,
            @Description(EXPRESSION) String expression, @Description(INPUT) RuleInput input) {
        return rules.update(id(id, "id"), text(expression, input), actors.current()).map(RuleNode::new);
    }

    @Mutation
    @NonNull
    @Description("Deletes a rule (it stops being evaluated; its alerts stay).")
    public Uni<RuleNode> deleteRule(@Description("The rule's id.") @NonNull @Id String id) {
        return rules.delete(id(id, "id"), actors.current()).map(RuleNode::new);
    }

    @Mutation("setDefaultRules")
    @NonNull
    @Description("Turns an agent's four default rules off (enabled: false) or back on. Returns the new setting.")
    public Uni<Boolean> setDefaultRules(@Description(AGENT) @NonNull String agent,
            @Description("false turns the four default rules off, true back on.") @NonNull Boolean enabled) {
        return rules.setDefaults(agent, enabled, actors.current());
    }

    @Query
    @NonNull
    @Description("Checks rule text without storing it: the canonical form, or the error with its line and column. "
            + "With an agent, also against that agent (a fallback version must be one of its own).")
    public Uni<RuleValidationNode> validateRule(@Description("The rule text to check.") @NonNull String expression,
            @Description("An agent to check the rule against (its tools and versions); none: the text alone.") String agent) {
        return rules.validate(agent, expression).map(RuleValidationNode::new);
    }

    @Query("alerts")
    @NonNull
    @Description("Alerts, newest first; state FIRING or RESOLVED, or both when not given.")
    public Uni<AlertConnection> alertList(@Description("FIRING or RESOLVED; none: both.") String state,
            @Description("Only this agent's alerts; none: every agent's.") String agent,
            @Description(FIRST) Integer first, @Description(AFTER) String after) {
        AgentRules.requireFilterSlugs("agent", agent);
        PageRequest request = PageRequest.of(first, after, Alerts.CURSOR);
        return alerts.page(state, agent, request).map(page -> Connections.of(page, request, Alerts.CURSOR,
                AlertNode::new, AlertEdge::new, AlertConnection::new));
    }

    @Mutation
    @NonNull
    @Description("Acknowledges an alert (once: CONFLICT when someone already did).")
    public Uni<AlertNode> acknowledgeAlert(@Description("The alert's id.") @NonNull @Id String id) {
        return alerts.acknowledge(id(id, "id"), actors.current()).map(AlertNode::new);
    }

    @Subscription("alerts")
    @Description("Alerts as they fire, resolve, act and are acknowledged: one agent's, or every agent's.")
    public Multi<AlertEventNode> alertStream(
            @Description("Only this agent's alerts; none: every agent's.") String agent) {
        return feed.watch(agent).map(AlertEventNode::new);
    }

    private static String text(String expression, RuleInput input) {
        if ((expression == null) == (input == null)) {
            throw TightropeException.validation("Give the rule either as expression (text) or as input (fields), "
                    + "not " + (expression == null ? "neither" : "both"));
        }
        if (input != null) {
            input.check();
        }
        return expression != null ? expression : input.toText();
    }

    private static long id(String id, String field) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw TightropeException.validation(field + " must be the id of a rule or alert (a number), not '"
                    + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
        }
    }

    /** A page of alerts. */
    @Description("A page of alerts, newest first.")
    public record AlertConnection(@Description("The alerts of this page.") @NonNull List<@NonNull AlertEdge> edges,
            @Description("Where this page is in the list.") @NonNull PageInfo pageInfo) {
    }

    /** An alert with its cursor. */
    @Description("An alert with its cursor.")
    public record AlertEdge(@Description(CURSOR) @NonNull String cursor,
            @Description("The alert.") @NonNull AlertNode node) {
    }

    /** What happened to an alert. */
    @org.eclipse.microprofile.graphql.Type("AlertEvent")
    @Description("One change of one alert, as it happens.")
    public static class AlertEventNode {
        private final AlertFeed.AlertEvent event;

        AlertEventNode(AlertFeed.AlertEvent event) {
            this.event = event;
        }

        @NonNull
        @Description("FIRED, RESOLVED, ACTED (the action's outcome is known) or ACKNOWLEDGED.")
        public AlertFeed.Change getChange() {
            return event.change();
        }

        @NonNull
        @Description("The alert after the change.")
        public AlertNode getAlert() {
            return new AlertNode(event.alert());
        }
    }
}
