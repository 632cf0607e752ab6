package dev.tightrope.platform.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The rendering of the newest item per key (for example the JSON text of a deployment's newest routing table),
 * made once and shared by every subscriber that sends it, whichever thread asks first.
 *
 * <p>Why: when a rollback reaches a thousand subscribers of one deployment, rendering its configuration a thousand
 * times costs far more than writing it; rendered once, each delivery is a plain write of the same text or bytes.
 *
 * <p>Items of one key carry an increasing order (a generation). The first caller for an order renders it; the others
 * wait for that rendering (per key, inside {@link ConcurrentHashMap#compute}) and reuse it. Only the newest rendering
 * per key is kept, so memory grows with the number of keys, not of items. A caller that still holds an older item
 * than the one kept (possible when subscribers on different event loops are at different generations) gets a
 * rendering of its own, not kept.
 *
 * @param <T> item type
 * @param <R> rendering type
 */
public final class LatestRenderings<T, R> {

    private final Map<Long, Rendering<R>> latest = new ConcurrentHashMap<>();
    private final ToLongFunction<T> key;
    private final ToLongFunction<T> order;
    private final Function<T, R> render;

    /**
     * @param key    the item's key (for example its deployment id)
     * @param order  the item's position among the items of its key (for example its generation)
     * @param render renders one item; called once per key and order (except for outdated items, see above)
     */
    public LatestRenderings(ToLongFunction<T> key, ToLongFunction<T> order, Function<T, R> render) {
        this.key = key;
        this.order = order;
        this.render = render;
    }

    /** The rendering of {@code item}. */
    public R of(T item) {
        long position = order.applyAsLong(item);
        Rendering<R> kept = latest.compute(key.applyAsLong(item), (k, current) ->
                current != null && current.position() >= position ? current
                        : new Rendering<>(position, render.apply(item)));
        return kept.position() == position ? kept.value() : render.apply(item);
    }

    private record Rendering<R>(long position, R value) {
    }
}
