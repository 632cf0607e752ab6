package dev.tightrope.registry.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import jakarta.json.JsonValue;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * Input of {@code createVersion}: only the components that change. The JSON shapes are documented in
 * {@code ComponentShapes} and the README.
 */
@Description("A new version of an agent: the components that change; the others are inherited from the base version.")
@Input("CreateVersionInput")
public class CreateVersionInput {

    @NonNull
    @Description(AGENT)
    public String agent;

    @Description("Version whose components are inherited; default: the latest.")
    public Integer baseVersion;

    @Description("PROMPT content: {system, examples?, formattingRules?, variables?}.")
    public JsonValue prompt;

    @Description("MODEL content: {provider, modelId, temperature?, topP?, maxTokens?, stopSequences?, parameters?}.")
    public JsonValue model;

    @Description("TOOLS content: {tools: [{name, description?, parameters?}]}.")
    public JsonValue tools;

    @Description("GUARDRAILS content: {inputFilters?, outputValidators?, actionLimits?}.")
    public JsonValue guardrails;

    @Description("KNOWLEDGE_BASE content: {indexId, indexedAt?, embeddingModel?, documentCount?, metadata?}.")
    public JsonValue knowledgeBase;

    @Description("Why this version exists, up to 10000 characters.")
    public String message;
}
