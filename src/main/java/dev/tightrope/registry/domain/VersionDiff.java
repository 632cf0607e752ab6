package dev.tightrope.registry.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What differs between two versions of an agent, component by component.
 *
 * <p>Example: version 13 → 14 changed only the system prompt, so {@code components} lists PROMPT with
 * {@code changed = true, fromVersion = 7, toVersion = 8} and a unified diff of the prompt text, and the four others
 * with {@code changed = false} and equal numbers.
 */
public record VersionDiff(String agentSlug, int from, int to, List<ComponentDiff> components) {

    /** Lines of context around each change in the unified diffs. */
    public static final int CONTEXT_LINES = 3;

    /** One component's difference; {@code diff} is empty when unchanged. */
    public record ComponentDiff(ComponentKind kind, boolean changed, int fromVersion, int toVersion,
            TextDiff diff) {
    }

    public boolean changed() {
        return components.stream().anyMatch(ComponentDiff::changed);
    }

    /** Compares two versions of the same agent; identical component versions are not diffed. */
    public static VersionDiff between(AgentVersion from, AgentVersion to) {
        if (!from.agentSlug().equals(to.agentSlug())) {
            throw new IllegalArgumentException("versions of different agents");
        }
        List<ComponentDiff> diffs = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            ComponentVersion a = from.component(kind);
            ComponentVersion b = to.component(kind);
            boolean changed = !a.hash().equals(b.hash());
            TextDiff text = changed
                    ? ContentDiff.between(label(kind, a), a.readable(), label(kind, b), b.readable(), CONTEXT_LINES)
                    : new TextDiff("", 0, 0);
            diffs.add(new ComponentDiff(kind, changed, a.number(), b.number(), text));
        }
        return new VersionDiff(from.agentSlug(), from.number(), to.number(), List.copyOf(diffs));
    }

    private static String label(ComponentKind kind, ComponentVersion version) {
        return kind.fieldName() + " v" + version.number();
    }
}
