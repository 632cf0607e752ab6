package dev.tightrope.registry.graphql;

import java.time.Instant;

import jakarta.json.JsonValue;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.registry.domain.ComponentVersion;

/** GraphQL type {@code ComponentVersion}. The content is parsed only when a client selects it. */
@Type("ComponentVersion")
@Description("One immutable version of one component of an agent, e.g. 'system prompt v14'.")
public class ComponentVersionNode {

    private final ComponentVersion component;

    public ComponentVersionNode(ComponentVersion component) {
        this.component = component;
    }

    @Description("Which of the five components this is.")
    @NonNull
    public ComponentKind getKind() {
        return component.kind();
    }

    @NonNull
    @Description("Per agent and kind: 1, 2, 3, ... Identical content reuses its number.")
    public int getNumber() {
        return component.number();
    }

    @NonNull
    @Description("SHA-256 (hex) of the canonical JSON of the content: sorted keys, no whitespace, normalised numbers.")
    public String getHash() {
        return component.hash();
    }

    @NonNull
    @Description("The content as JSON, in its documented shape; unknown extra fields are kept.")
    public JsonValue getContent() {
        return JsonValues.fromText(component.content());
    }

    @NonNull
    public Instant getCreatedAt() {
        return component.createdAt();
    }

    @Description("Who created this component version: the author of the agent version that introduced it.")
    @NonNull
    public String getCreatedBy() {
        return component.createdBy();
    }
}
