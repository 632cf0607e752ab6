package dev.tightrope.sdk.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

import dev.tightrope.sdk.ProtocolException;
import dev.tightrope.sdk.json.Json;
import dev.tightrope.sdk.json.JsonException;

/**
 * A deployment's routing configuration at one generation, as {@code GET …/config} and the stream send it:
 *
 * <pre>
 * {"agent": "support-bot", "environment": "production", "generation": 7, "weight": 5,
 *  "salt": "9f86d081884c7d65", "rolloutId": "12",
 *  "toolGates": {"search": {"state": "HALF_OPEN", "share": 10, …}},
 *  "stable": {"version": 13, "snapshotHash": "…", "prompt": {…}, "model": {…}, "tools": {…},
 *             "guardrails": {…}, "knowledgeBase": {…}},
 *  "canary": {"version": 14, …} or null}
 * </pre>
 *
 * Immutable: a change replaces it whole, so the decisions handed out can share it. {@link #parse} checks what
 * routing needs and names what is wrong; nothing is coerced ({@code "generation": "7"} or {@code 7.5} is refused).
 */
public final class RoutingConfig {

    private static final String NOT_A_CONFIG = "not a Tightrope routing configuration: ";

    private final String agent;
    private final String environment;
    private final long generation;
    private final int weight;
    private final String salt;
    private final String rolloutId;
    private final VersionConfig stable;
    private final VersionConfig canary;
    private final Map<String, ToolGate> toolGates;
    private final Map<String, Object> raw;

    private RoutingConfig(Map<String, Object> raw) {
        this.raw = raw;
        this.agent = string(raw, "agent", false);
        this.environment = string(raw, "environment", false);
        this.generation = wholeNumber(raw.get("generation"), "generation", 0, Long.MAX_VALUE);
        this.stable = version(raw.get("stable"), "stable");
        Object canaryRaw = raw.get("canary");
        this.canary = canaryRaw == null ? null : version(canaryRaw, "canary");
        Object weightRaw = raw.get("weight");
        this.weight = weightRaw == null ? 0 : (int) wholeNumber(weightRaw, "weight", 0, 100);
        this.salt = string(raw, "salt", true);
        if (salt != null && salt.isEmpty()) {
            throw new ProtocolException(NOT_A_CONFIG + "salt must be a non-empty string or null");
        }
        if (canary != null && weight > 0 && salt == null) {
            throw new ProtocolException(NOT_A_CONFIG + "a canary with a weight needs a salt");
        }
        this.rolloutId = string(raw, "rolloutId", true);
        this.toolGates = toolGates(raw.get("toolGates"));
    }

    /**
     * The configuration in a parsed JSON object.
     *
     * @throws ProtocolException naming the field that is missing or of the wrong type
     */
    public static RoutingConfig parse(Map<String, Object> json) {
        if (json == null) {
            throw new ProtocolException(NOT_A_CONFIG + "null");
        }
        return new RoutingConfig(json);
    }

    /**
     * The configuration in a JSON text.
     *
     * @throws ProtocolException if the text is not JSON, or not a routing configuration
     */
    public static RoutingConfig fromJson(String text) {
        Object value;
        try {
            value = Json.parse(text);
        } catch (JsonException e) {
            throw new ProtocolException(NOT_A_CONFIG + "not JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof Map)) {
            throw new ProtocolException(NOT_A_CONFIG + "not a JSON object but " + Json.describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return parse(object);
    }

    /** The configuration as JSON text (what the file cache holds). */
    public String toJson() {
        return Json.write(raw);
    }

    /**
     * The decision for one request, exactly as the server's route() makes it; {@code routingKey} {@code null} or
     * empty routes at random by weight with {@code random}.
     */
    public Decision route(String routingKey, RandomGenerator random) {
        Arm arm = Bucketing.arm(salt, weight, canary != null, routingKey, random);
        VersionConfig version = arm == Arm.CANARY ? canary : stable;
        return new Decision(this, arm, version, routingKey == null || routingKey.isEmpty() ? null : routingKey,
                disabledTools(routingKey));
    }

    /**
     * The tools a request with {@code routingKey} must not use, sorted by name: every tool with an OPEN gate, and
     * those with a HALF_OPEN gate that does not let this key in (see {@link ToolGate}).
     */
    public List<String> disabledTools(String routingKey) {
        if (toolGates.isEmpty()) {
            return List.of();
        }
        List<String> disabled = new ArrayList<>(toolGates.size());
        toolGates.forEach((tool, gate) -> {
            if (!gate.admits(tool, routingKey)) {
                disabled.add(tool);
            }
        });
        return Collections.unmodifiableList(disabled);
    }

    public String agent() {
        return agent;
    }

    public String environment() {
        return environment;
    }

    public long generation() {
        return generation;
    }

    /** The canary's share in percent (0 without a rollout). */
    public int weight() {
        return weight;
    }

    public Optional<String> salt() {
        return Optional.ofNullable(salt);
    }

    public Optional<String> rolloutId() {
        return Optional.ofNullable(rolloutId);
    }

    public VersionConfig stable() {
        return stable;
    }

    /** The canary's configuration while a rollout runs. */
    public Optional<VersionConfig> canary() {
        return Optional.ofNullable(canary);
    }

    /** The gates of the tools whose circuit breaker is not closed, by tool name (sorted). */
    public Map<String, ToolGate> toolGates() {
        return toolGates;
    }

    /** The configuration's JSON object as the server sent it. */
    public Map<String, Object> raw() {
        return raw;
    }

    /** Whether {@code other} is the same configuration (the same generation and the same JSON). */
    public boolean sameAs(RoutingConfig other) {
        return other != null && other.generation == generation && other.raw.equals(raw);
    }

    @Override
    public String toString() {
        return "RoutingConfig[" + agent + "/" + environment + ", generation " + generation + ", stable "
                + stable.version() + (canary == null ? "" : ", canary " + canary.version() + " at " + weight + " %")
                + "]";
    }

    private static String string(Map<String, Object> raw, String field, boolean nullable) {
        Object value = raw.get(field);
        if (value == null && nullable) {
            return null;
        }
        if (!(value instanceof String)) {
            throw new ProtocolException(NOT_A_CONFIG + field + " must be a string" + (nullable ? " or null" : "")
                    + ", was " + Json.describe(value));
        }
        return (String) value;
    }

    /** A JSON whole number (a {@code Long}, never a double like 7.0 or a string like "7") within [min, max]. */
    static long wholeNumber(Object value, String field, long min, long max) {
        if (!(value instanceof Long) || (Long) value < min || (Long) value > max) {
            throw new ProtocolException(NOT_A_CONFIG + field + " must be a whole number from " + min
                    + (max == Long.MAX_VALUE ? "" : " to " + max) + ", was " + Json.describe(value));
        }
        return (Long) value;
    }

    private static VersionConfig version(Object value, String field) {
        if (!(value instanceof Map)) {
            throw new ProtocolException(NOT_A_CONFIG + field + " must be a version's configuration (an object), was "
                    + Json.describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> version = (Map<String, Object>) value;
        int number = (int) wholeNumber(version.get("version"), field + ".version", 1, Integer.MAX_VALUE);
        Object hash = version.get("snapshotHash");
        if (hash != null && !(hash instanceof String)) {
            throw new ProtocolException(NOT_A_CONFIG + field + ".snapshotHash must be a string, was "
                    + Json.describe(hash));
        }
        return new VersionConfig(number, (String) hash, component(version, field, "prompt"),
                component(version, field, "model"), component(version, field, "tools"),
                component(version, field, "guardrails"), component(version, field, "knowledgeBase"), version);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> component(Map<String, Object> version, String field, String name) {
        Object value = version.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new ProtocolException(NOT_A_CONFIG + field + "." + name + " must be an object, was "
                    + Json.describe(value));
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, ToolGate> toolGates(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new ProtocolException(NOT_A_CONFIG + "toolGates must be an object, was " + Json.describe(value));
        }
        Map<String, ToolGate> gates = new TreeMap<>();
        ((Map<?, ?>) value).forEach((tool, gate) -> gates.put((String) tool, toolGate(gate)));
        return Collections.unmodifiableMap(gates);
    }

    /** A gate as sent; what cannot be read keeps the tool closed to every request (see {@link ToolGate}). */
    private static ToolGate toolGate(Object value) {
        if (!(value instanceof Map)) {
            return new ToolGate(null, -1);
        }
        Map<?, ?> gate = (Map<?, ?>) value;
        Object state = gate.get("state");
        Object share = gate.get("share");
        boolean usableShare = share instanceof Long && (Long) share >= 0 && (Long) share <= 100;
        return new ToolGate(state instanceof String ? (String) state : null,
                usableShare ? ((Long) share).intValue() : -1);
    }
}
