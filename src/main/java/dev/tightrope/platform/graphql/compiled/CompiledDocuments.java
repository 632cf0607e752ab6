package dev.tightrope.platform.graphql.compiled;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The documents a fast path has seen, each compiled once (or found unusable once). Clients send the same few
 * documents over and over with new variables, so this stays small; should a client send endless distinct documents,
 * the cache is emptied when it reaches {@link #REMEMBERED_DOCUMENTS} instead of growing without bound.
 *
 * @param <T> what a document compiles to
 */
public final class CompiledDocuments<T> {

    public static final int REMEMBERED_DOCUMENTS = 1_000;

    private final Map<String, Optional<T>> documents = new ConcurrentHashMap<>();
    private final Function<String, Optional<T>> compiler;

    /** @param compiler compiles one document text, empty when the fast path cannot answer it */
    public CompiledDocuments(Function<String, Optional<T>> compiler) {
        this.compiler = compiler;
    }

    public Optional<T> get(String document) {
        Optional<T> compiled = documents.get(document);
        if (compiled == null) {
            compiled = compiler.apply(document);
            if (documents.size() >= REMEMBERED_DOCUMENTS) {
                documents.clear();
            }
            documents.put(document, compiled);
        }
        return compiled;
    }
}
