package dev.tightrope.release.graphql;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.platform.graphql.compiled.SelectionShape;
import dev.tightrope.registry.domain.CanonicalJson;
import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.VersionConfig;

/**
 * Writes the {@code data} of a compiled {@code configChanged} subscription for one routing table as JSON text,
 * field by field, exactly as the GraphQL engine would (ConfigChangedFastPathTest compares the two): the types
 * {@code RoutingConfig} and {@code VersionConfig} of {@link RoutingConfigNode}. Components are copied from the text
 * each version keeps.
 */
final class RoutingConfigJson {

    private static final Map<String, BiConsumer<StringBuilder, VersionConfig>> VERSION_FIELDS = Map.of(
            "__typename", (out, v) -> out.append("\"VersionConfig\""),
            "version", (out, v) -> out.append(v.number()),
            "snapshotHash", (out, v) -> CanonicalJson.writeString(v.snapshotHash(), out),
            "prompt", (out, v) -> out.append(v.componentJson(ComponentKind.PROMPT)),
            "model", (out, v) -> out.append(v.componentJson(ComponentKind.MODEL)),
            "tools", (out, v) -> out.append(v.componentJson(ComponentKind.TOOLS)),
            "guardrails", (out, v) -> out.append(v.componentJson(ComponentKind.GUARDRAILS)),
            "knowledgeBase", (out, v) -> out.append(v.componentJson(ComponentKind.KNOWLEDGE_BASE)));

    private static final Map<String, BiConsumer<StringBuilder, RoutingTable>> CONFIG_FIELDS = Map.of(
            "__typename", (out, t) -> out.append("\"RoutingConfig\""),
            "agent", (out, t) -> CanonicalJson.writeString(t.agent(), out),
            "environment", (out, t) -> CanonicalJson.writeString(t.environment(), out),
            "generation", (out, t) -> out.append(Math.toIntExact(t.generation())),
            "weight", (out, t) -> out.append(t.split().weight()),
            "salt", (out, t) -> nullableString(out, t.split().salt()),
            "rolloutId", (out, t) -> nullableString(out,
                    t.split().rolloutId() == null ? null : Long.toString(t.split().rolloutId())),
            "toolGates", (out, t) -> out.append(ToolGatesValue.of(t)));

    private static final Map<String, java.util.function.Function<RoutingTable, VersionConfig>> CONFIG_OBJECTS =
            Map.of("stable", RoutingTable::stable, "canary", RoutingTable::canary);

    /** What a compiled configChanged document may select. */
    static final SelectionShape SHAPE = new SelectionShape(CONFIG_FIELDS.keySet(), Map.of(
            "stable", SelectionShape.ofLeaves(VERSION_FIELDS.keySet()),
            "canary", SelectionShape.ofLeaves(VERSION_FIELDS.keySet())));

    private RoutingConfigJson() {
    }

    /** {@code {"data":{"<rootKey>":{...}}}} for the plan's selections. */
    static String write(CompiledField plan, RoutingTable table) {
        StringBuilder out = new StringBuilder(capacity(table));
        out.append("{\"data\":{");
        CanonicalJson.writeString(plan.rootKey(), out);
        out.append(':');
        writeConfig(plan, table, out);
        return out.append("}}").toString();
    }

    /** The {@code RoutingConfig} object alone ({@code {"agent":...}}) for the plan's selections. */
    static String writeConfig(CompiledField plan, RoutingTable table) {
        StringBuilder out = new StringBuilder(capacity(table));
        writeConfig(plan, table, out);
        return out.toString();
    }

    private static int capacity(RoutingTable table) {
        int components = table.stable().componentJson().values().stream().mapToInt(String::length).sum();
        return 256 + 2 * components;
    }

    private static void writeConfig(CompiledField plan, RoutingTable table, StringBuilder out) {
        object(out, plan.selections(), (field, o) -> {
            VersionConfig version = CONFIG_OBJECTS.containsKey(field.name())
                    ? CONFIG_OBJECTS.get(field.name()).apply(table) : null;
            if (field.selections() == null) {
                CONFIG_FIELDS.get(field.name()).accept(o, table);
            } else if (version == null) {
                o.append("null");
            } else {
                object(o, field.selections(), (versionField, v) -> VERSION_FIELDS.get(versionField.name())
                        .accept(v, version));
            }
        });
    }

    private static void object(StringBuilder out, List<CompiledField.Selection> selections,
            BiConsumer<CompiledField.Selection, StringBuilder> value) {
        out.append('{');
        for (int i = 0; i < selections.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            CanonicalJson.writeString(selections.get(i).responseKey(), out);
            out.append(':');
            value.accept(selections.get(i), out);
        }
        out.append('}');
    }

    private static void nullableString(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
        } else {
            CanonicalJson.writeString(value, out);
        }
    }
}
