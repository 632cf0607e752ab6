package dev.tightrope.registry.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AFTER;

import static dev.tightrope.platform.graphql.Descriptions.FIRST;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.util.EnumMap;
import java.util.Map;

import jakarta.json.JsonValue;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import dev.tightrope.platform.graphql.Connections;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.application.AgentService;
import dev.tightrope.registry.application.CreateVersionCommand;
import dev.tightrope.registry.application.VersionService;
import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.registry.graphql.RegistryConnections.AgentConnection;
import dev.tightrope.registry.graphql.RegistryConnections.AgentEdge;
import dev.tightrope.registry.graphql.RegistryConnections.AgentVersionConnection;
import dev.tightrope.registry.graphql.RegistryConnections.AgentVersionEdge;
import dev.tightrope.registry.graphql.RegistryConnections.ComponentVersionConnection;
import dev.tightrope.registry.graphql.RegistryConnections.ComponentVersionEdge;
import io.smallrye.mutiny.Uni;

/** The registry's GraphQL operations. Maps arguments to application calls and results to GraphQL types. */
@GraphQLApi
public class RegistryGraphQL {

    private final AgentService agents;
    private final VersionService versions;

    RegistryGraphQL(AgentService agents, VersionService versions) {
        this.agents = agents;
        this.versions = versions;
    }

    @Query
    @Description("The agent with this slug; null and a NOT_FOUND error when there is none.")
    public Uni<AgentNode> agent(@Description(AGENT) @NonNull String slug) {
        return agents.get(slug).map(AgentNode::new);
    }

    @Query
    @NonNull
    @Description("All agents in creation order, 20 per page by default, at most 100.")
    public Uni<AgentConnection> agents(@Description(FIRST) Integer first, @Description(AFTER) String after) {
        PageRequest request = PageRequest.of(first, after, AgentService.CURSOR_KIND);
        return agents.list(request).map(page -> Connections.of(page, request, AgentService.CURSOR_KIND,
                AgentNode::new, AgentEdge::new, AgentConnection::new));
    }

    @Query
    @Description("One version of an agent; null and a NOT_FOUND error when there is no such agent or version.")
    public Uni<AgentVersionNode> version(
            @Description(AGENT) @NonNull String agent,
            @Description("Version number, from 1.") @NonNull int number) {
        return versions.get(agent, number).map(AgentVersionNode::new);
    }

    @Query
    @Description("Which components differ between two versions of an agent, with a readable diff of each.")
    public Uni<VersionDiffNode> diff(
            @Description(AGENT) @NonNull String agent,
            @Description("The older version's number (the diff's minus side).") @NonNull int from,
            @Description("The newer version's number (the diff's plus side).") @NonNull int to) {
        return versions.diff(agent, from, to).map(VersionDiffNode::new);
    }

    @Mutation
    @NonNull
    @Description("Registers an agent. CONFLICT when the slug is taken.")
    public Uni<AgentNode> createAgent(@Description("The agent to register.") @NonNull CreateAgentInput input) {
        return agents.create(input.slug, input.name, input.description).map(AgentNode::new);
    }

    @Mutation
    @NonNull
    @Description("Creates the next immutable version of an agent from a base version (default: the latest) and "
            + "the components that change. The first version must give all five components.")
    public Uni<AgentVersionNode> createVersion(
            @Description("The agent, base version, changed components and message.")
            @NonNull CreateVersionInput input) {
        Map<ComponentKind, Object> given = new EnumMap<>(ComponentKind.class);
        put(given, ComponentKind.PROMPT, input.prompt);
        put(given, ComponentKind.MODEL, input.model);
        put(given, ComponentKind.TOOLS, input.tools);
        put(given, ComponentKind.GUARDRAILS, input.guardrails);
        put(given, ComponentKind.KNOWLEDGE_BASE, input.knowledgeBase);
        return versions.create(new CreateVersionCommand(input.agent, input.baseVersion, given, input.message))
                .map(AgentVersionNode::new);
    }

    @Description("The newest version; null when the agent has none yet.")
    public Uni<AgentVersionNode> latestVersion(@Source AgentNode agent) {
        return versions.latest(agent.getSlug()).map(version -> version == null ? null : new AgentVersionNode(version));
    }

    @NonNull
    @Description("Versions of this agent, newest first.")
    public Uni<AgentVersionConnection> versions(
            @Source AgentNode agent,
            @Description(FIRST) Integer first,
            @Description(AFTER) String after) {
        PageRequest request = PageRequest.of(first, after, VersionService.VERSION_CURSOR);
        return versions.list(agent.getSlug(), request).map(page -> Connections.of(page, request,
                VersionService.VERSION_CURSOR, AgentVersionNode::new, AgentVersionEdge::new,
                AgentVersionConnection::new));
    }

    @NonNull
    @Description("Versions of one component of this agent, newest first.")
    public Uni<ComponentVersionConnection> componentVersions(
            @Source AgentNode agent,
            @Description("Which component's versions.") @NonNull ComponentKind kind,
            @Description(FIRST) Integer first,
            @Description(AFTER) String after) {
        PageRequest request = PageRequest.of(first, after, VersionService.COMPONENT_CURSOR);
        return versions.listComponents(agent.getSlug(), kind, request).map(page -> Connections.of(page, request,
                VersionService.COMPONENT_CURSOR, ComponentVersionNode::new, ComponentVersionEdge::new,
                ComponentVersionConnection::new));
    }

    @Description("The version this one was based on; null for the first version.")
    public Uni<AgentVersionNode> parent(@Source AgentVersionNode version) {
        Integer parent = version.getParentNumber();
        return parent == null ? Uni.createFrom().nullItem()
                : versions.get(version.getAgentSlug(), parent).map(AgentVersionNode::new);
    }

    @Description("The agent this version belongs to.")
    @NonNull
    public Uni<AgentNode> agent(@Source AgentVersionNode version) {
        return agents.get(version.getAgentSlug()).map(AgentNode::new);
    }

    private static void put(Map<ComponentKind, Object> given, ComponentKind kind, JsonValue value) {
        if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
            given.put(kind, JsonValues.toDomain(value));
        }
    }
}
