package dev.tightrope.sdk.routing;

import java.util.Map;
import java.util.Optional;

/**
 * One agent version's configuration as the server sent it ({@code stable} or {@code canary} of the routing
 * configuration): its number, its snapshot hash and its five components, each a JSON object parsed into an
 * unmodifiable map (see {@link dev.tightrope.sdk.json.Json} for the value types: numbers are {@code Long} or
 * {@code Double}). A component the server did not send is an empty map. {@link #raw()} has every field, also those
 * this SDK does not know yet.
 */
public final class VersionConfig {

    private final int version;
    private final String snapshotHash;
    private final Map<String, Object> prompt;
    private final Map<String, Object> model;
    private final Map<String, Object> tools;
    private final Map<String, Object> guardrails;
    private final Map<String, Object> knowledgeBase;
    private final Map<String, Object> raw;

    VersionConfig(int version, String snapshotHash, Map<String, Object> prompt, Map<String, Object> model,
            Map<String, Object> tools, Map<String, Object> guardrails, Map<String, Object> knowledgeBase,
            Map<String, Object> raw) {
        this.version = version;
        this.snapshotHash = snapshotHash;
        this.prompt = prompt;
        this.model = model;
        this.tools = tools;
        this.guardrails = guardrails;
        this.knowledgeBase = knowledgeBase;
        this.raw = raw;
    }

    public int version() {
        return version;
    }

    public Optional<String> snapshotHash() {
        return Optional.ofNullable(snapshotHash);
    }

    /** E.g. {@code {"system": "You are the support assistant of Acme."}}. */
    public Map<String, Object> prompt() {
        return prompt;
    }

    /** E.g. {@code {"provider": "openai", "modelId": "gpt-4o", "temperature": 0.2}}. */
    public Map<String, Object> model() {
        return model;
    }

    /** E.g. {@code {"tools": [{"name": "lookup_order"}]}}. */
    public Map<String, Object> tools() {
        return tools;
    }

    public Map<String, Object> guardrails() {
        return guardrails;
    }

    public Map<String, Object> knowledgeBase() {
        return knowledgeBase;
    }

    /** The version's JSON object as the server sent it. */
    public Map<String, Object> raw() {
        return raw;
    }

    @Override
    public String toString() {
        return "VersionConfig[version=" + version + "]";
    }
}
