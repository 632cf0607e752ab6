package dev.tightrope.platform.paging;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One page of a list ordered by a stable key, with whether more items follow. Each item keeps its ordering key,
 * from which the GraphQL layer makes the edge's cursor.
 *
 * @param <T> item type
 */
public record Page<T>(List<Item<T>> items, boolean hasNextPage) {

    /** An item and its ordering key. */
    public record Item<T>(long key, T value) {
    }

    /**
     * Builds a page from a query that fetched {@code request.first() + 1} rows: the extra row only tells that a next
     * page exists and is dropped.
     */
    public static <R, T> Page<T> fromOverfetched(List<R> rows, PageRequest request, ToLongFunction<R> key,
            Function<R, T> mapper) {
        boolean more = rows.size() > request.first();
        List<R> kept = more ? rows.subList(0, request.first()) : rows;
        return new Page<>(kept.stream().map(row -> new Item<>(key.applyAsLong(row), mapper.apply(row))).toList(),
                more);
    }
}
