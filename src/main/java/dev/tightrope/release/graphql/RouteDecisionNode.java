package dev.tightrope.release.graphql;

import java.util.List;

import jakarta.json.JsonValue;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.release.application.RouteDecision;
import dev.tightrope.release.domain.Arm;

/** GraphQL type {@code RouteDecision}. */
@Type("RouteDecision")
@Description("Which version serves one request, with its complete configuration.")
public class RouteDecisionNode {

    private final RouteDecision decision;

    public RouteDecisionNode(RouteDecision decision) {
        this.decision = decision;
    }

    @NonNull
    @Description("Agent version number serving this request.")
    public int getVersion() {
        return decision.config().number();
    }

    @NonNull
    public Arm getArm() {
        return decision.arm();
    }

    @NonNull
    @Description("Deployment generation this decision was made at.")
    public int getGeneration() {
        return Math.toIntExact(decision.generation());
    }

    @Id
    @Description("The running rollout, or null.")
    public String getRolloutId() {
        return decision.rolloutId() == null ? null : Long.toString(decision.rolloutId());
    }

    @NonNull
    public String getSnapshotHash() {
        return decision.config().snapshotHash();
    }

    @NonNull
    public JsonValue getPrompt() {
        return decision.config().component(ComponentKind.PROMPT);
    }

    @NonNull
    public JsonValue getModel() {
        return decision.config().component(ComponentKind.MODEL);
    }

    @NonNull
    public JsonValue getTools() {
        return decision.config().component(ComponentKind.TOOLS);
    }

    @NonNull
    public JsonValue getGuardrails() {
        return decision.config().component(ComponentKind.GUARDRAILS);
    }

    @NonNull
    public JsonValue getKnowledgeBase() {
        return decision.config().component(ComponentKind.KNOWLEDGE_BASE);
    }

    @NonNull
    @Description("Tools the runtime must not offer (open circuit breakers); empty for now.")
    public List<@NonNull String> getDisabledTools() {
        return decision.disabledTools();
    }
}
