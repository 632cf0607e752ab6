package dev.tightrope.testing;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test data: unique agent slugs and valid component contents of every kind. */
public final class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Fixtures() {
    }

    /** A slug no other test uses, e.g. {@code support-bot-7}. */
    public static String uniqueSlug(String prefix) {
        return prefix + "-" + System.nanoTime() % 100_000 + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates an agent through the API and returns its slug. */
    public static String createAgent(String prefix) {
        String slug = uniqueSlug(prefix);
        execute("createAgent", Map.of("input", Map.of("slug", slug, "name", "Agent " + slug)))
                .body("errors", nullValue());
        return slug;
    }

    public static Map<String, Object> prompt(String system) {
        return Map.of("system", system,
                "examples", List.of(Map.of("input", "Where is my refund?", "output", "Let me check.")));
    }

    public static Map<String, Object> model(String modelId) {
        return Map.of("provider", "openai", "modelId", modelId, "temperature", 0.2, "maxTokens", 1024);
    }

    public static Map<String, Object> tools() {
        return Map.of("tools", List.of(Map.of("name", "search", "description", "Search orders",
                "parameters", Map.of("type", "object"))));
    }

    public static Map<String, Object> guardrails() {
        return Map.of("inputFilters", List.of(Map.of("type", "pii")), "actionLimits", Map.of("maxToolCalls", 5));
    }

    public static Map<String, Object> knowledgeBase() {
        return Map.of("indexId", "kb-orders", "indexedAt", "2026-11-01T10:00:00Z", "documentCount", 1200);
    }

    /** Input of a first version: all five components. */
    public static Map<String, Object> firstVersion(String agent, String system) {
        Map<String, Object> input = new HashMap<>();
        input.put("agent", agent);
        input.put("prompt", prompt(system));
        input.put("model", model("gpt-4o"));
        input.put("tools", tools());
        input.put("guardrails", guardrails());
        input.put("knowledgeBase", knowledgeBase());
        input.put("message", "first version");
        return input;
    }

    /** Creates an agent with versions 1..count whose prompts differ, and returns its slug. */
    public static String agentWithVersions(String prefix, int count) {
        String agent = createAgent(prefix);
        createFirstVersion(agent, "prompt of version 1");
        for (int i = 2; i <= count; i++) {
            execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", prompt("prompt of version " + i))))
                    .body("errors", nullValue());
        }
        return agent;
    }

    /**
     * An agent with versions 1 and 2 whose production deployment has version 1 stable and version 2 as a 10 %
     * canary (generation 2); its slug.
     */
    public static String deployedWithCanary(String prefix) {
        String agent = agentWithVersions(prefix, 2);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .body("errors", nullValue());
        execute("startRollout", Map.of("agent", agent, "environment", "production", "version", 2, "weight", 10))
                .body("errors", nullValue());
        return agent;
    }

    /** Creates the first version of an agent and returns its number (1). */
    public static int createFirstVersion(String agent, String system) {
        return execute("createVersion", Map.of("input", firstVersion(agent, system)))
                .body("errors", nullValue())
                .extract().path("data.createVersion.number");
    }
}
