package dev.tightrope.registry.graphql;

import static dev.tightrope.platform.graphql.Descriptions.CURSOR;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.platform.graphql.PageInfo;

/** The registry's Relay connection and edge types. */
final class RegistryConnections {

    private RegistryConnections() {
    }

    @Description("One of the agents in a page, with its cursor.")
    @Type("AgentEdge")
    public record AgentEdge(
            @Description(CURSOR) @NonNull String cursor,
            @Description("The item.") @NonNull AgentNode node) {
    }

    @Description("A page of agents (Relay cursor connection).")
    @Type("AgentConnection")
    public record AgentConnection(
            @Description("The items of this page, in list order.") @NonNull List<@NonNull AgentEdge> edges,
            @Description("Where this page sits in the list.") @NonNull PageInfo pageInfo) {
    }

    @Description("One of the agent versions in a page, with its cursor.")
    @Type("AgentVersionEdge")
    public record AgentVersionEdge(
            @Description(CURSOR) @NonNull String cursor,
            @Description("The item.") @NonNull AgentVersionNode node) {
    }

    @Description("A page of agent versions (Relay cursor connection).")
    @Type("AgentVersionConnection")
    public record AgentVersionConnection(
            @Description("The items of this page, in list order.") @NonNull List<@NonNull AgentVersionEdge> edges,
            @Description("Where this page sits in the list.") @NonNull PageInfo pageInfo) {
    }

    @Description("One of the component versions in a page, with its cursor.")
    @Type("ComponentVersionEdge")
    public record ComponentVersionEdge(
            @Description(CURSOR) @NonNull String cursor,
            @Description("The item.") @NonNull ComponentVersionNode node) {
    }

    @Description("A page of component versions (Relay cursor connection).")
    @Type("ComponentVersionConnection")
    public record ComponentVersionConnection(
            @Description("The items of this page, in list order.") @NonNull List<@NonNull ComponentVersionEdge> edges,
            @Description("Where this page sits in the list.") @NonNull PageInfo pageInfo) {
    }
}
