package dev.tightrope.platform.graphql;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;

/** Builds Relay connections (edges with cursors, page info) from pages of the application layer. */
public final class Connections {

    private Connections() {
    }

    /**
     * @param cursorKind the list's cursor kind (see {@link PageRequest#cursor})
     * @param edge       makes an edge from a cursor and a node
     * @param connection makes the connection from its edges and page info
     */
    public static <T, N, E, C> C of(Page<T> page, PageRequest request, String cursorKind, Function<T, N> node,
            BiFunction<String, N, E> edge, BiFunction<List<E>, PageInfo, C> connection) {
        List<String> cursors = page.items().stream().map(item -> PageRequest.cursor(cursorKind, item.key())).toList();
        List<E> edges = new java.util.ArrayList<>(cursors.size());
        for (int i = 0; i < cursors.size(); i++) {
            edges.add(edge.apply(cursors.get(i), node.apply(page.items().get(i).value())));
        }
        PageInfo info = new PageInfo(page.hasNextPage(), request.afterKey() != null,
                cursors.isEmpty() ? null : cursors.get(0), cursors.isEmpty() ? null : cursors.get(cursors.size() - 1));
        return connection.apply(edges, info);
    }
}
