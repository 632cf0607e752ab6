package dev.tightrope.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.parser.Parser;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;

class DocumentCacheTest {

    private final AtomicInteger parses = new AtomicInteger();

    private final Function<ExecutionInput, PreparsedDocumentEntry> valid = input -> {
        parses.incrementAndGet();
        return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
    };

    private final Function<ExecutionInput, PreparsedDocumentEntry> invalid = input -> {
        parses.incrementAndGet();
        return new PreparsedDocumentEntry(List.of(ValidationError.newValidationError()
                .validationErrorType(ValidationErrorType.FieldUndefined).description("no such field").build()));
    };

    @Test
    void aValidDocumentIsParsedOnce() {
        DocumentCache cache = new DocumentCache(10);
        ExecutionInput input = ExecutionInput.newExecutionInput("{ a }").build();

        PreparsedDocumentEntry first = cache.getDocumentAsync(input, valid).join();
        PreparsedDocumentEntry second = cache.getDocumentAsync(input, valid).join();

        assertThat(parses).hasValue(1);
        assertThat(second).isSameAs(first);
    }

    @Test
    void anInvalidDocumentIsCheckedEveryTime() {
        DocumentCache cache = new DocumentCache(10);
        ExecutionInput input = ExecutionInput.newExecutionInput("{ nope }").build();

        cache.getDocumentAsync(input, invalid).join();
        PreparsedDocumentEntry again = cache.getDocumentAsync(input, invalid).join();

        assertThat(parses).hasValue(2);
        assertThat(again.hasErrors()).isTrue();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheIsBounded() {
        DocumentCache cache = new DocumentCache(5);
        for (int i = 0; i < 50; i++) {
            cache.getDocumentAsync(ExecutionInput.newExecutionInput("{ f" + i + " }").build(), valid).join();
        }
        assertThat(cache.size()).isLessThanOrEqualTo(5);
    }
}
