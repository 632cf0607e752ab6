package dev.tightrope.registry.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.registry.domain.AgentVersion;
import dev.tightrope.registry.domain.ComponentKind;

/** GraphQL type {@code AgentVersion}; {@code parent} and {@code agent} are resolved in {@link RegistryGraphQL}. */
@Type("AgentVersion")
@Description("An immutable snapshot of an agent's complete behaviour: one version of each of the five components.")
public class AgentVersionNode {

    private final AgentVersion version;

    public AgentVersionNode(AgentVersion version) {
        this.version = version;
    }

    AgentVersion version() {
        return version;
    }

    @Description(AGENT)
    @NonNull
    public String getAgentSlug() {
        return version.agentSlug();
    }

    @NonNull
    @Description("Per agent: 1, 2, 3, ... without gaps.")
    public int getNumber() {
        return version.number();
    }

    @Description("Number of the version this one was based on; null for the first version.")
    public Integer getParentNumber() {
        return version.parentNumber();
    }

    @Description("The PROMPT component version this snapshot pins.")
    @NonNull
    public ComponentVersionNode getPrompt() {
        return component(ComponentKind.PROMPT);
    }

    @Description("The MODEL component version this snapshot pins.")
    @NonNull
    public ComponentVersionNode getModel() {
        return component(ComponentKind.MODEL);
    }

    @Description("The TOOLS component version this snapshot pins.")
    @NonNull
    public ComponentVersionNode getTools() {
        return component(ComponentKind.TOOLS);
    }

    @Description("The GUARDRAILS component version this snapshot pins.")
    @NonNull
    public ComponentVersionNode getGuardrails() {
        return component(ComponentKind.GUARDRAILS);
    }

    @Description("The KNOWLEDGE_BASE component version this snapshot pins.")
    @NonNull
    public ComponentVersionNode getKnowledgeBase() {
        return component(ComponentKind.KNOWLEDGE_BASE);
    }

    @NonNull
    @Description("The five component versions in kind order.")
    public List<@NonNull ComponentVersionNode> getComponents() {
        return Arrays.stream(ComponentKind.values()).map(this::component).toList();
    }

    @NonNull
    @Description("SHA-256 over the five component hashes: equal snapshots have equal hashes.")
    public String getSnapshotHash() {
        return version.snapshotHash();
    }

    @Description("Who created the version: token:<name> of the API token used.")
    @NonNull
    public String getAuthor() {
        return version.author();
    }

    @Description("Why this version exists, as given to createVersion; empty when none was given.")
    @NonNull
    public String getMessage() {
        return version.message();
    }

    @NonNull
    public Instant getCreatedAt() {
        return version.createdAt();
    }

    private ComponentVersionNode component(ComponentKind kind) {
        return new ComponentVersionNode(version.component(kind));
    }
}
