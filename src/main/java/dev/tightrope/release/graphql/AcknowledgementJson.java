package dev.tightrope.release.graphql;

import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.registry.domain.CanonicalJson;
import dev.tightrope.release.application.PropagationService.Acknowledgement;

/**
 * Writes the {@code data} of a compiled {@code acknowledgeConfig} mutation as JSON text, field by field, exactly as
 * the GraphQL engine would answer it through {@link ConfigAcknowledgement} (AcknowledgeConfigFastPathTest compares
 * the two).
 */
final class AcknowledgementJson {

    private static final Map<String, BiConsumer<StringBuilder, Acknowledgement>> WRITERS = Map.of(
            "__typename", (out, a) -> out.append("\"ConfigAcknowledgement\""),
            "runtimeId", (out, a) -> CanonicalJson.writeString(a.runtimeId(), out),
            "generation", (out, a) -> out.append(Math.toIntExact(a.generation())),
            // the DateTime scalar of an Instant: ISO-8601 in UTC, as Instant.toString() writes it
            "acknowledgedAt", (out, a) -> CanonicalJson.writeString(a.acknowledgedAt().toString(), out),
            "eventsPropagated", (out, a) -> out.append(a.eventsPropagated()));

    private AcknowledgementJson() {
    }

    /** The ConfigAcknowledgement fields this writer can answer. */
    static Set<String> knownFields() {
        return WRITERS.keySet();
    }

    /** {@code {"data":{"<rootKey>":{...}}}} for the plan's fields. */
    static String write(CompiledField plan, Acknowledgement acknowledgement) {
        return CompiledAnswer.write(plan, WRITERS, acknowledgement, 160);
    }
}
