package dev.tightrope.platform.graphql;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

/**
 * Remembers parsed and validated GraphQL documents by their text, so a client sending the same few documents with
 * different variables (every runtime calling {@code route}) pays for parsing and validation once.
 *
 * <p>Only documents that parsed and validated cleanly are kept: validation does not depend on variables, so a
 * valid document stays valid for every request that sends it. Invalid ones are re-checked each time, which keeps
 * their error answers exact and the cache free of junk. The cache is bounded ({@code maximumSize}, least recently
 * used out first), so a client inventing a new document per request costs memory for at most that many.
 *
 * <p>SmallRye GraphQL has a cache of its own, but it is filled by an instrumentation that stops working as soon as
 * the engine's instrumentation is customised, as {@link GraphQLCustomizer} must.
 */
final class DocumentCache implements PreparsedDocumentProvider {

    private final Cache<String, PreparsedDocumentEntry> documents;

    DocumentCache(int maximumSize) {
        this.documents = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String text = input.getQuery();
        PreparsedDocumentEntry known = documents.getIfPresent(text);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        PreparsedDocumentEntry entry = parseAndValidate.apply(input);
        if (!entry.hasErrors()) {
            documents.put(text, entry);
        }
        return CompletableFuture.completedFuture(entry);
    }

    /** How many documents are remembered now (for tests and metrics). */
    long size() {
        documents.cleanUp();
        return documents.estimatedSize();
    }
}
