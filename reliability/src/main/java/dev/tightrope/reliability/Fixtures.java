package dev.tightrope.reliability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

/** Agents, versions and deployments the scenarios start from, made through GraphQL as an operator would. */
final class Fixtures {

    static final String ENV = "production";

    static final String EVENTS = "query($agent: String!, $environment: String!, $after: String) { "
            + "deployment(agent: $agent, environment: $environment) { stableVersion generation "
            + "rollout { weight status } "
            + "events(first: 100, after: $after) { edges { node { generation type trigger actor fromVersion "
            + "toVersion weightBefore weightAfter rolloutId reason } } pageInfo { hasNextPage endCursor } } } }";

    private Fixtures() {
    }

    /** A new agent {@code prefix-<random>} with versions 1..count (version n differs from n-1 in its prompt). */
    static String agent(Api api, String prefix, int count) throws Exception {
        String slug = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        api.data("mutation($input: CreateAgentInput!) { createAgent(input: $input) { slug } }",
                Map.of("input", Map.of("slug", slug, "name", "Reliability " + prefix,
                        "description", "made by reliability/run.sh")));
        for (int version = 1; version <= count; version++) {
            Map<String, Object> input = new HashMap<>();
            input.put("agent", slug);
            input.put("message", "version " + version);
            input.put("prompt", Map.of("system", "You are the support assistant, revision " + version + "."));
            if (version == 1) {
                input.put("model", Map.of("provider", "openai", "modelId", "gpt-4o", "temperature", 0.2));
                input.put("tools", Map.of("tools", List.of(Map.of("name", "lookup_order"))));
                input.put("guardrails", Map.of("inputFilters", List.of(Map.of("type", "pii"))));
                input.put("knowledgeBase", Map.of("indexId", "kb-orders"));
            }
            api.data("mutation($input: CreateVersionInput!) { createVersion(input: $input) { number } }",
                    Map.of("input", input));
        }
        return slug;
    }

    /** Deploys the version; the new generation. */
    static long deploy(Api api, String agent, int version) throws Exception {
        return api.data("mutation($agent: String!, $environment: String!, $version: Int!) { deploy(agent: $agent, "
                + "environment: $environment, version: $version, reason: \"reliability\") { generation } }",
                Map.of("agent", agent, "environment", ENV, "version", version)).path("deploy").path("generation")
                .asLong();
    }

    /** A canary by hand at the weight; the new generation. */
    static long startRollout(Api api, String agent, int version, int weight) throws Exception {
        return api.data("mutation($agent: String!, $environment: String!, $version: Int!, $weight: Int!) { "
                + "startRollout(agent: $agent, environment: $environment, version: $version, weight: $weight) { "
                + "generation } }", Map.of("agent", agent, "environment", ENV, "version", version, "weight", weight))
                .path("startRollout").path("generation").asLong();
    }

    static final String ROLLBACK = "mutation($agent: String!, $environment: String!, $expectedGeneration: Int, "
            + "$idempotencyKey: String) { rollback(agent: $agent, environment: $environment, "
            + "expectedGeneration: $expectedGeneration, idempotencyKey: $idempotencyKey, reason: \"reliability\") { "
            + "generation type toVersion } }";

    /** The deployment's events, oldest first (at most 20 pages of 100). */
    static List<JsonNode> events(Api api, String agent) throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        String after = null;
        for (int page = 0; page < 20; page++) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("agent", agent);
            variables.put("environment", ENV);
            variables.put("after", after);
            JsonNode connection = api.data(EVENTS, variables).path("deployment").path("events");
            for (JsonNode edge : connection.path("edges")) {
                events.add(edge.path("node"));
            }
            if (!connection.path("pageInfo").path("hasNextPage").asBoolean()) {
                break;
            }
            after = connection.path("pageInfo").path("endCursor").asText();
        }
        java.util.Collections.reverse(events); // newest first on the wire
        return events;
    }

    /** The deployment's current generation, from the instance's GraphQL (a database read). */
    static long generation(Api api, String agent) throws Exception {
        return api.data("query($agent: String!, $environment: String!) { deployment(agent: $agent, "
                + "environment: $environment) { generation } }", Map.of("agent", agent, "environment", ENV))
                .path("deployment").path("generation").asLong();
    }

    /**
     * Generations 1..n of the events are contiguous and unique; null when they are, else what is wrong.
     */
    static String historyProblem(List<JsonNode> events) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long expected = events.isEmpty() ? 0 : events.get(0).path("generation").asLong();
        for (JsonNode event : events) {
            long generation = event.path("generation").asLong();
            if (!seen.add(generation)) {
                return "generation " + generation + " twice";
            }
            if (generation != expected) {
                return "generation " + generation + " where " + expected + " was next";
            }
            expected++;
        }
        return null;
    }
}
