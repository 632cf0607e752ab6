package dev.tightrope.release.graphql;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.registry.domain.CanonicalJson;
import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.release.application.RouteDecision;

/**
 * Writes the {@code data} of a compiled route query as JSON text, field by field, exactly as the GraphQL engine
 * would answer it (RouteFastPathTest compares the two). Components are copied from the text each version keeps.
 */
final class RouteDecisionJson {

    private static final Map<String, BiConsumer<StringBuilder, RouteDecision>> WRITERS = Map.ofEntries(
            Map.entry("__typename", (out, d) -> out.append("\"RouteDecision\"")),
            Map.entry("version", (out, d) -> out.append(d.config().number())),
            Map.entry("arm", (out, d) -> out.append('"').append(d.arm().name()).append('"')),
            Map.entry("generation", (out, d) -> out.append(Math.toIntExact(d.generation()))),
            Map.entry("rolloutId", (out, d) -> {
                if (d.rolloutId() == null) {
                    out.append("null");
                } else {
                    out.append('"').append(d.rolloutId()).append('"');
                }
            }),
            Map.entry("snapshotHash", (out, d) -> string(out, d.config().snapshotHash())),
            Map.entry("prompt", (out, d) -> out.append(d.config().componentJson(ComponentKind.PROMPT))),
            Map.entry("model", (out, d) -> out.append(d.config().componentJson(ComponentKind.MODEL))),
            Map.entry("tools", (out, d) -> out.append(d.config().componentJson(ComponentKind.TOOLS))),
            Map.entry("guardrails", (out, d) -> out.append(d.config().componentJson(ComponentKind.GUARDRAILS))),
            Map.entry("knowledgeBase",
                    (out, d) -> out.append(d.config().componentJson(ComponentKind.KNOWLEDGE_BASE))),
            Map.entry("disabledTools", (out, d) -> strings(out, d.disabledTools())));

    private RouteDecisionJson() {
    }

    /** The RouteDecision fields this writer can answer. */
    static Set<String> knownFields() {
        return WRITERS.keySet();
    }

    /** {@code {"data":{"<rootKey>":{...}}}} for the plan's fields. */
    static String write(CompiledField plan, RouteDecision decision) {
        return CompiledAnswer.write(plan, WRITERS, decision, 256 + 2 * decision.config().componentJson().values()
                .stream().mapToInt(String::length).sum());
    }

    private static void string(StringBuilder out, String value) {
        CanonicalJson.writeString(value, out);
    }

    private static void strings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, values.get(i));
        }
        out.append(']');
    }
}
