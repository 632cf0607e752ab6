package dev.tightrope.demo.application;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tightrope.demo.domain.DemoScenario;
import io.vertx.core.json.JsonObject;

/**
 * Sets up the demo agent through the API: the agent, version 1 (all five components) and version 2, which changes
 * only the prompt. Whatever exists already is kept, so a restart finds its agent as it left it.
 */
final class DemoAgent {

    static final String SYSTEM_V1 = """
            You are the support assistant of Acme.
            Look orders up with lookup_order before you answer about them.
            Refunds up to $50 need no approval.
            Answer in the language of the customer, in two or three sentences.""";

    /** Version 2's prompt: strict JSON with a schema, which the runtime's parser often cannot read. */
    static final String SYSTEM_V2 = """
            You are the support assistant of Acme.
            Look orders up with lookup_order before you answer about them.
            Refunds up to $50 need no approval.
            Always answer with one JSON object {"answer": string, "order": object, "refund": number, "confidence":
            number, "followUps": [string]} and nothing else, with every field filled in.""";

    private DemoAgent() {
    }

    static void setUp(DemoClient client, String admin, String agent) {
        try {
            client.graphql(admin, DemoDocuments.CREATE_AGENT, Map.of("input", Map.of("slug", agent,
                    "name", "Demo support bot",
                    "description", "Demo mode: a synthetic runtime serves this agent, and every round rolls out v2, "
                            + "whose prompt change breaks a third of its answers, until the judge rolls it back.")));
        } catch (DemoApiException e) {
            if (!"CONFLICT".equals(e.code)) {
                throw e;
            }
        }
        Set<Integer> versions = new HashSet<>();
        for (Object edge : client.graphql(admin, DemoDocuments.VERSIONS, Map.of("slug", agent))
                .getJsonObject("agent").getJsonObject("versions").getJsonArray("edges")) {
            versions.add(((JsonObject) edge).getJsonObject("node").getInteger("number"));
        }
        if (!versions.contains(DemoScenario.GOOD_VERSION)) {
            client.graphql(admin, DemoDocuments.CREATE_VERSION, Map.of("input", Map.of(
                    "agent", agent,
                    "message", "First release",
                    "prompt", Map.of("system", SYSTEM_V1,
                            "examples", List.of(Map.of("input", "Where is my order 4711?",
                                    "output", "Let me look it up: order 4711 left our warehouse yesterday."))),
                    "model", Map.of("provider", "openai", "modelId", "gpt-4o", "temperature", 0.2, "maxTokens", 1024),
                    "tools", Map.of("tools", List.of(Map.of("name", "lookup_order", "description", "Find an order by id",
                            "parameters", Map.of("type", "object",
                                    "properties", Map.of("orderId", Map.of("type", "string")),
                                    "required", List.of("orderId"))))),
                    "guardrails", Map.of("inputFilters", List.of(Map.of("type", "pii")),
                            "actionLimits", Map.of("maxToolCalls", 5)),
                    "knowledgeBase", Map.of("indexId", "kb-orders", "embeddingModel", "text-embedding-3-small",
                            "documentCount", 1200))));
        }
        if (!versions.contains(DemoScenario.REGRESSED_VERSION)) {
            client.graphql(admin, DemoDocuments.CREATE_VERSION, Map.of("input", Map.of(
                    "agent", agent,
                    "baseVersion", DemoScenario.GOOD_VERSION,
                    "message", "Structured answers: reply in strict JSON",
                    "prompt", Map.of("system", SYSTEM_V2,
                            "examples", List.of(Map.of("input", "Where is my order 4711?",
                                    "output", "{\"answer\": \"Order 4711 left our warehouse yesterday.\", "
                                            + "\"order\": {\"id\": \"4711\"}, \"refund\": 0, \"confidence\": 0.9, "
                                            + "\"followUps\": []}"))))));
        }
    }
}
