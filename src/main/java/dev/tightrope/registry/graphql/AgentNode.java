package dev.tightrope.registry.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.registry.domain.Agent;

/** GraphQL type {@code Agent}; its lists and versions are resolved in {@link RegistryGraphQL}. */
@Type("Agent")
@Description("An AI agent whose behaviour (prompt, model, tools, guardrails, knowledge base) Tightrope versions.")
public class AgentNode {

    private final Agent agent;

    public AgentNode(Agent agent) {
        this.agent = agent;
    }

    @NonNull
    @Description("Unique identifier, ^[a-z0-9][a-z0-9-]{1,62}$.")
    public String getSlug() {
        return agent.slug();
    }

    @Description("Display name.")
    @NonNull
    public String getName() {
        return agent.name();
    }

    @Description("What the agent does, free text; empty when none was given.")
    @NonNull
    public String getDescription() {
        return agent.description();
    }

    @NonNull
    public Instant getCreatedAt() {
        return agent.createdAt();
    }

    @Description("Who registered it: token:<name> of the API token used.")
    @NonNull
    public String getCreatedBy() {
        return agent.createdBy();
    }
}
