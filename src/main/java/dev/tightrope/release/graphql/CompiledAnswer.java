package dev.tightrope.release.graphql;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.registry.domain.CanonicalJson;

/**
 * The answer of a compiled one-field document as GraphQL over HTTP writes it, {@code {"data":{"<rootKey>":{...}}}}:
 * each selected field under its response key, in the document's order, written by the writer of its schema field.
 * The fast paths' JSON writers ({@link RouteDecisionJson}, {@link AcknowledgementJson}) supply the writers.
 */
final class CompiledAnswer {

    private CompiledAnswer() {
    }

    /** @param capacity a first guess of the answer's length, in chars */
    static <T> String write(CompiledField plan, Map<String, BiConsumer<StringBuilder, T>> writers, T value,
            int capacity) {
        StringBuilder out = new StringBuilder(capacity);
        out.append("{\"data\":{");
        CanonicalJson.writeString(plan.rootKey(), out);
        out.append(":{");
        List<CompiledField.Selection> fields = plan.selections();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            CompiledField.Selection field = fields.get(i);
            CanonicalJson.writeString(field.responseKey(), out);
            out.append(':');
            writers.get(field.name()).accept(out, value);
        }
        return out.append("}}}").toString();
    }
}
