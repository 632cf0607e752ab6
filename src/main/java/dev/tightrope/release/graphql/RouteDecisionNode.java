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

    @Description("STABLE or CANARY: report it with the request's outcome.")
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

    @Description("SHA-256 over the version's five component hashes.")
    @NonNull
    public String getSnapshotHash() {
        return decision.config().snapshotHash();
    }

    @Description("The version's PROMPT content.")
    @NonNull
    public JsonValue getPrompt() {
        return decision.config().component(ComponentKind.PROMPT);
    }

    @Description("The version's MODEL content.")
    @NonNull
    public JsonValue getModel() {
        return decision.config().component(ComponentKind.MODEL);
    }

    @Description("The version's TOOLS content.")
    @NonNull
    public JsonValue getTools() {
        return decision.config().component(ComponentKind.TOOLS);
    }

    @Description("The version's GUARDRAILS content.")
    @NonNull
    public JsonValue getGuardrails() {
        return decision.config().component(ComponentKind.GUARDRAILS);
    }

    @Description("The version's KNOWLEDGE_BASE content.")
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
