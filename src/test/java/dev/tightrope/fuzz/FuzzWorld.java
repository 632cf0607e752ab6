package dev.tightrope.fuzz;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small world the fuzz cases act on, as plain names: an agent with two versions deployed in an environment with
 * a canary running, an environment where nothing is deployed, an agent that does not exist, a Slack user linked as
 * OPERATOR, and the loopback address of a fake Slack for response and webhook URLs. {@link #validVariables} gives a
 * working set of variables for each test document, the starting point that cases then break.
 */
public record FuzzWorld(String agent, String environment, String emptyEnvironment, String unknownAgent,
        String slackOperator, String loopbackUrl) {

    /** A world whose names derive from the seed, so a replay sends the same requests. */
    public static FuzzWorld forSeed(long seed, String loopbackUrl) {
        String tag = Long.toHexString(seed & 0xffffffffL);
        return new FuzzWorld("fz-" + tag + "-world", "production", "staging", "fz-" + tag + "-nobody",
                "UFZ" + tag.toUpperCase(), loopbackUrl);
    }

    /** Variables with which the document works (or is answered with an ordinary, coded error). */
    public Map<String, Object> validVariables(String document, int caseNumber) {
        Map<String, Object> v = new HashMap<>();
        String unique = "fz-" + Integer.toHexString(agent.hashCode() & 0xffff) + "-" + caseNumber;
        switch (document) {
            case "acknowledgeConfig" -> v.putAll(Map.of("agent", agent, "environment", environment,
                    "generation", 1, "runtimeId", "fz-runtime"));
            case "advanceRollout" -> v.putAll(Map.of("agent", agent, "environment", environment, "weight", 30));
            case "agent", "agentDeployments", "versions" -> v.put("slug", agent);
            case "agents" -> v.put("first", 3);
            case "auditLog" -> v.putAll(Map.of("filter", Map.of("operation", "deploy"), "first", 3));
            case "componentVersions" -> v.putAll(Map.of("slug", agent, "kind", "PROMPT", "first", 3));
            case "configChanged", "configChangedEverything" -> v.putAll(Map.of("agent", agent,
                    "environment", environment, "runtimeId", "fz-runtime"));
            case "createAgent" -> v.put("input", Map.of("slug", unique, "name", "Fuzz agent " + caseNumber));
            case "createApiToken" -> v.putAll(Map.of("name", unique, "role", "VIEWER",
                    "expiresAt", "2099-01-01T00:00:00Z"));
            case "createVersion" -> v.put("input", Map.of("agent", agent, "message", "fuzz " + caseNumber,
                    "prompt", Map.of("system", "fuzz prompt " + caseNumber)));
            case "deploy" -> v.putAll(Map.of("agent", agent, "environment", environment, "version", 1,
                    "reason", "fuzz"));
            case "deployment" -> v.putAll(Map.of("agent", agent, "environment", environment, "first", 3));
            case "deploymentChanged", "deploymentHistory", "pauseRollout", "promote", "resumeRollout", "rollback" ->
                v.putAll(Map.of("agent", agent, "environment", environment));
            case "diff" -> v.putAll(Map.of("agent", agent, "from", 1, "to", 2));
            case "linkSlackUser" -> v.putAll(Map.of("slackUserId", "UFZ" + caseNumber, "role", "VIEWER"));
            case "unlinkSlackUser" -> v.put("slackUserId", "UFZ" + caseNumber);
            case "revokeApiToken" -> v.put("id", "no-such-token");
            case "route" -> v.putAll(Map.of("agent", agent, "environment", environment, "routingKey", "user-1"));
            case "setSlackWebhook" -> v.putAll(Map.of("agent", agent, "webhookUrl",
                    loopbackUrl + "/services/T1/B1/fz"));
            case "startRollout" -> v.putAll(Map.of("agent", agent, "environment", environment, "version", 2,
                    "weight", 20));
            case "version" -> v.putAll(Map.of("agent", agent, "number", 1));
            default -> {
                // apiTokens, slackUsers, introspection: no variables
            }
        }
        return v;
    }

    /**
     * Documents whose variables must never be fuzzed freely: a fuzzed token id could revoke a token other tests
     * use, and a fuzzed webhook URL could point notifications off this machine.
     */
    public static final List<String> GUARDED = List.of("revokeApiToken", "setSlackWebhook");
}
