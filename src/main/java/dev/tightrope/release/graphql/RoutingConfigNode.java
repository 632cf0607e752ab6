package dev.tightrope.release.graphql;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import jakarta.json.JsonValue;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.VersionConfig;

/** GraphQL types {@code RoutingConfig} and {@code VersionConfig}: what a runtime needs to route by itself. */
@Type("RoutingConfig")
@Description("The complete routing configuration of a deployment: stable and canary configurations, weight and "
        + "salt. A runtime routes locally like route() does: bucket = first 8 bytes of SHA-256(salt + ':' + "
        + "routingKey) as an unsigned number mod 10000; canary when bucket < weight * 100.")
public class RoutingConfigNode {

    private final RoutingTable table;

    public RoutingConfigNode(RoutingTable table) {
        this.table = table;
    }

    @Description(AGENT)
    @NonNull
    public String getAgent() {
        return table.agent();
    }

    @Description(ENVIRONMENT)
    @NonNull
    public String getEnvironment() {
        return table.environment();
    }

    @NonNull
    @Description("Acknowledge this generation with acknowledgeConfig once the runtime uses it.")
    public int getGeneration() {
        return Math.toIntExact(table.generation());
    }

    @Description("The stable version's configuration.")
    @NonNull
    public VersionConfigNode getStable() {
        return new VersionConfigNode(table.stable());
    }

    @Description("The canary's configuration while a rollout is active, else null.")
    public VersionConfigNode getCanary() {
        return table.canary() == null ? null : new VersionConfigNode(table.canary());
    }

    @NonNull
    @Description("Percent of routing keys on the canary (0 without a rollout).")
    public int getWeight() {
        return table.split().weight();
    }

    @Description("Salt of the active rollout's bucketing hash, else null.")
    public String getSalt() {
        return table.split().salt();
    }

    @NonNull
    @Description("The tools whose circuit breaker is not closed, by name: {state: OPEN or HALF_OPEN, share: percent "
            + "of routing keys that may use the tool, since, reason}; {} when every breaker is closed. A runtime "
            + "routing by itself disables a tool for a request unless the gate is HALF_OPEN and the request's "
            + "bucket under the salt \"tool:<name>\" is below share × 100 (as route()'s disabledTools says).")
    public JsonValue getToolGates() {
        return ToolGatesValue.of(table);
    }

    @Description("The active rollout, else null.")
    @Id
    public String getRolloutId() {
        return table.split().rolloutId() == null ? null : Long.toString(table.split().rolloutId());
    }

    /** GraphQL type {@code VersionConfig}. */
    @Type("VersionConfig")
    @Description("One agent version's five components.")
    public static class VersionConfigNode {

        private final VersionConfig config;

        VersionConfigNode(VersionConfig config) {
            this.config = config;
        }

        @Description("Agent version number.")
        @NonNull
        public int getVersion() {
            return config.number();
        }

        @Description("SHA-256 over the version's five component hashes.")
        @NonNull
        public String getSnapshotHash() {
            return config.snapshotHash();
        }

        @Description("The version's PROMPT content.")
        @NonNull
        public JsonValue getPrompt() {
            return config.component(ComponentKind.PROMPT);
        }

        @Description("The version's MODEL content.")
        @NonNull
        public JsonValue getModel() {
            return config.component(ComponentKind.MODEL);
        }

        @Description("The version's TOOLS content.")
        @NonNull
        public JsonValue getTools() {
            return config.component(ComponentKind.TOOLS);
        }

        @Description("The version's GUARDRAILS content.")
        @NonNull
        public JsonValue getGuardrails() {
            return config.component(ComponentKind.GUARDRAILS);
        }

        @Description("The version's KNOWLEDGE_BASE content.")
        @NonNull
        public JsonValue getKnowledgeBase() {
            return config.component(ComponentKind.KNOWLEDGE_BASE);
        }
    }
}
