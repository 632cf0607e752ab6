package dev.tightrope.access.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tightrope.platform.error.Violation;

/**
 * What an API token may act on: some agents and some environments, each list of slugs ({@code support-bot}) and
 * prefix patterns ({@code support-*}: every slug that starts with {@code support-}). An empty list, or one holding
 * {@code *}, means every agent (environment); a token with both lists empty has the full scope every token had before
 * scopes existed.
 *
 * <pre>
 *   agents [support-*], environments [production]
 *     covers(support-bot, production)   → true
 *     covers(billing-bot, production)   → false
 *     covers(support-bot, staging)      → false
 *     covers(support-bot, null)         → false   (null: "every environment", more than the scope holds)
 * </pre>
 *
 * @param agents       patterns of the agents, sorted and without duplicates; empty: every agent
 * @param environments patterns of the environments; empty: every environment
 */
public record TokenScope(List<String> agents, List<String> environments) {

    /** Every agent, every environment. */
    public static final TokenScope FULL = new TokenScope(List.of(), List.of());

    /** One entry: a slug, or a slug's start followed by {@code *}. */
    public static final Pattern ENTRY = Pattern.compile("^(\\*|[a-z0-9][a-z0-9-]{0,62}\\*?)$");
    /** Most entries per list. */
    public static final int MAX_ENTRIES = 50;

    public TokenScope {
        agents = normalised(agents);
        environments = normalised(environments);
    }

    /** The scope of these lists ({@code null}: every); VALIDATION-ready violations are added for bad entries. */
    public static TokenScope of(List<String> agents, List<String> environments, List<Violation> violations) {
        check("agents", agents, violations);
        check("environments", environments, violations);
        return new TokenScope(agents, environments);
    }

    /** Reads the stored form ({@link #storedAgents()}); {@code null} or empty: every. */
    public static TokenScope stored(String agents, String environments) {
        return new TokenScope(split(agents), split(environments));
    }

    public boolean isFull() {
        return agents.isEmpty() && environments.isEmpty();
    }

    public boolean allAgents() {
        return agents.isEmpty();
    }

    public boolean allEnvironments() {
        return environments.isEmpty();
    }

    /**
     * Whether the token may act on this agent in this environment. {@code null} for either stands for "every one"
     * (an operation that is not about a single agent or environment): only a scope without a limit there covers it.
     */
    public boolean covers(String agent, String environment) {
        return coversAgent(agent) && coversEnvironment(environment);
    }

    public boolean coversAgent(String agent) {
        return matches(agents, agent);
    }

    public boolean coversEnvironment(String environment) {
        return matches(environments, environment);
    }

    /** Whether everything this scope covers is covered by {@code outer} too (a token may only hand on its own). */
    public boolean within(TokenScope outer) {
        return listWithin(agents, outer.agents) && listWithin(environments, outer.environments);
    }

    /** The stored form of the agents: entries joined by commas; {@code null} for every agent. */
    public String storedAgents() {
        return agents.isEmpty() ? null : String.join(",", agents);
    }

    public String storedEnvironments() {
        return environments.isEmpty() ? null : String.join(",", environments);
    }

    /** For messages: {@code agents support-* and environments production}, {@code every agent and environment}. */
    public String describe() {
        if (isFull()) {
            return "every agent and environment";
        }
        return (agents.isEmpty() ? "every agent" : "agents " + String.join(", ", agents)) + " and "
                + (environments.isEmpty() ? "every environment" : "environments " + String.join(", ", environments));
    }

    private static boolean matches(List<String> patterns, String value) {
        if (patterns.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        for (String pattern : patterns) {
            if (pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
                    : value.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Every pattern of {@code inner} is one of {@code outer}'s or narrower. */
    private static boolean listWithin(List<String> inner, List<String> outer) {
        if (outer.isEmpty()) {
            return true;
        }
        if (inner.isEmpty()) {
            return false;
        }
        for (String pattern : inner) {
            boolean covered = false;
            for (String wider : outer) {
                if (patternWithin(pattern, wider)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    static boolean patternWithin(String pattern, String wider) {
        if (!wider.endsWith("*")) {
            return pattern.equals(wider);
        }
        String prefix = wider.substring(0, wider.length() - 1);
        return pattern.startsWith(prefix);
    }

    private static void check(String path, List<String> entries, List<Violation> violations) {
        if (entries == null) {
            return;
        }
        if (entries.size() > MAX_ENTRIES) {
            violations.add(new Violation(path, "at most " + MAX_ENTRIES + " entries"));
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry == null || !ENTRY.matcher(entry).matches()) {
                violations.add(new Violation(path + "[" + i + "]", "must be a slug (support-bot) or the start of "
                        + "one followed by * (support-*)"));
            }
        }
    }

    private static List<String> normalised(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        Set<String> sorted = new java.util.TreeSet<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            if (entry.equals("*")) {
                return List.of();
            }
            sorted.add(entry);
        }
        return List.copyOf(new LinkedHashSet<>(sorted));
    }

    private static List<String> split(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : stored.split(",")) {
            entries.add(entry.strip());
        }
        return entries;
    }
}
