package dev.tightrope.sdk.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which version serves one request, and with what: the {@link #version()}, the {@link #arm()}, the
 * {@link #generation()} of the configuration it came from, the {@link #rolloutId()}, the routing key, the version's
 * five components and {@link #disabledTools()}. Pass it to {@code Tightrope.report} with what happened.
 */
public final class Decision {

    private final RoutingConfig routing;
    private final Arm arm;
    private final VersionConfig config;
    private final String routingKey;
    private final List<String> disabledTools;

    Decision(RoutingConfig routing, Arm arm, VersionConfig config, String routingKey, List<String> disabledTools) {
        this.routing = routing;
        this.arm = arm;
        this.config = config;
        this.routingKey = routingKey;
        this.disabledTools = disabledTools;
    }

    public String agent() {
        return routing.agent();
    }

    public String environment() {
        return routing.environment();
    }

    public Arm arm() {
        return arm;
    }

    public int version() {
        return config.version();
    }

    public long generation() {
        return routing.generation();
    }

    /** The rollout's id while one runs. */
    public Optional<String> rolloutId() {
        return routing.rolloutId();
    }

    /** The routing key the decision was made for; empty for a keyless (random) one. */
    public Optional<String> routingKey() {
        return Optional.ofNullable(routingKey);
    }

    /** The version's configuration as the server sent it. */
    public VersionConfig config() {
        return config;
    }

    /** The routing configuration the decision was made from. */
    public RoutingConfig routing() {
        return routing;
    }

    public Map<String, Object> prompt() {
        return config.prompt();
    }

    public Map<String, Object> model() {
        return config.model();
    }

    public Map<String, Object> tools() {
        return config.tools();
    }

    public Map<String, Object> guardrails() {
        return config.guardrails();
    }

    public Map<String, Object> knowledgeBase() {
        return config.knowledgeBase();
    }

    /** The tools this request must not use: their circuit breaker is open, or half-open and not letting it in. */
    public List<String> disabledTools() {
        return disabledTools;
    }

    @Override
    public String toString() {
        return "Decision[version=" + version() + ", arm=" + arm + ", generation=" + generation() + "]";
    }
}
