package dev.tightrope.registry.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.platform.graphql.PageInfo;

/** The registry's Relay connection and edge types. */
final class RegistryConnections {

    private RegistryConnections() {
    }

    @Type("AgentEdge")
    public record AgentEdge(@NonNull String cursor, @NonNull AgentNode node) {
    }

    @Type("AgentConnection")
    public record AgentConnection(@NonNull List<@NonNull AgentEdge> edges, @NonNull PageInfo pageInfo) {
    }

    @Type("AgentVersionEdge")
    public record AgentVersionEdge(@NonNull String cursor, @NonNull AgentVersionNode node) {
    }

    @Type("AgentVersionConnection")
    public record AgentVersionConnection(@NonNull List<@NonNull AgentVersionEdge> edges, @NonNull PageInfo pageInfo) {
    }

    @Type("ComponentVersionEdge")
    public record ComponentVersionEdge(@NonNull String cursor, @NonNull ComponentVersionNode node) {
    }

    @Type("ComponentVersionConnection")
    public record ComponentVersionConnection(@NonNull List<@NonNull ComponentVersionEdge> edges,
            @NonNull PageInfo pageInfo) {
    }
}
