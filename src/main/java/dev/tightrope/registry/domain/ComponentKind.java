package dev.tightrope.registry.domain;

import org.eclipse.microprofile.graphql.Description;

/**
 * The five parts that together make up an agent's behaviour. An agent version pins exactly one component version of
 * every kind, so a version is always complete.
 *
 * <p>{@link #fieldName()} is the name the kind has in API inputs and the prefix of validation paths
 * ({@code knowledgeBase.indexId}).
 */
@Description("The five parts that together make up an agent's behaviour.")
public enum ComponentKind {
    @Description("System prompt text, few-shot examples, formatting rules.")
    PROMPT("prompt"),
    @Description("Provider, model id, sampling parameters.")
    MODEL("model"),
    @Description("Tool definitions: name, description, JSON-Schema parameters.")
    TOOLS("tools"),
    @Description("Input filters, output validators, action limits.")
    GUARDRAILS("guardrails"),
    @Description("Retrieval index: id, indexedAt, embedding model, document count, free metadata.")
    KNOWLEDGE_BASE("knowledgeBase");

    private final String fieldName;

    ComponentKind(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The camel-case name used in inputs and violation paths, e.g. {@code "knowledgeBase"}. */
    public String fieldName() {
        return fieldName;
    }

    /**
     * The kind whose {@link #fieldName()} is {@code fieldName}.
     *
     * @throws IllegalArgumentException when no kind has that field name
     */
    public static ComponentKind fromFieldName(String fieldName) {
        for (ComponentKind kind : values()) {
            if (kind.fieldName.equals(fieldName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown component field name '" + fieldName + "'");
    }
}
