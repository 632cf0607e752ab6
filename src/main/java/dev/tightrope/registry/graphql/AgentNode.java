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

    @NonNull
    public String getName() {
        return agent.name();
    }

    @NonNull
    public String getDescription() {
        return agent.description();
    }

    @NonNull
    public Instant getCreatedAt() {
        return agent.createdAt();
    }

    @NonNull
    public String getCreatedBy() {
        return agent.createdBy();
    }
}
