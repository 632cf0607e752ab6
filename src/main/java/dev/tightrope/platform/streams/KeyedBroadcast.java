package dev.tightrope.platform.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Hot streams by key (for example one per deployment) for GraphQL subscriptions. Items carry an increasing order
 * (a generation); each subscriber receives every item only once and never an older one than it already has, however
 * publishing and subscribing interleave. Publishing never blocks: each subscriber receives the item on the Vert.x
 * context it subscribed on (its connection's event loop), so a fan-out to many subscribers is spread over every event
 * loop, and the publisher (for example the mutation that caused the change) is not kept waiting behind it.
 * Subscribers outside any Vert.x context receive items on the publisher's thread.
 *
 * @param <T> item type
 */
public final class KeyedBroadcast<T> {

    private final Map<String, Set<Subscriber<T>>> subscribers = new ConcurrentHashMap<>();
    private final ToLongFunction<T> order;

    public KeyedBroadcast(ToLongFunction<T> order) {
        this.order = order;
    }

    /**
     * A stream of the items published under {@code key} from now on.
     *
     * @param initial emitted first if not {@code null} (read after registering, so nothing published in between
     *                is lost)
     */
    public Multi<T> subscribe(String key, java.util.function.Supplier<T> initial) {
        return Multi.createFrom().emitter(emitter -> {
            Subscriber<T> subscriber = new Subscriber<>(emitter, order, Vertx.currentContext());
            subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscriber);
            emitter.onTermination(() -> subscribers.getOrDefault(key, Set.of()).remove(subscriber));
            T first = initial.get();
            if (first != null) {
                subscriber.offer(first);
            }
        });
    }

    /**
     * Delivers {@code item} to every subscriber of {@code key}: one task per event loop that hands it to each of that
     * loop's subscribers in turn, each on its own context, rather than one task per subscriber. A change reaching
     * 1 000 runtimes on two event loops is so two tasks, not 1 000: each task costs a queue insertion, and the event
     * loop reads sockets between tasks, so with one task per subscriber the fan-out was interleaved with the reading
     * of the acknowledgements it provokes.
     *
     * <p>Subscribers are grouped by their event loop's root context ({@link ContextInternal#unwrap()}), not by their
     * own context: every connection (HTTP request, WebSocket) runs on a duplicated context of its own, so grouping
     * by context made one group per subscriber. Inside the task, each subscriber's item is dispatched on its own
     * (duplicated) context, which is the one current when it subscribed. Subscribers on worker contexts keep a task
     * each.
     */
    public void publish(String key, T item) {
        Set<Subscriber<T>> targets = subscribers.get(key);
        if (targets == null) {
            return;
        }
        Map<ContextInternal, List<Subscriber<T>>> byLoop = new HashMap<>();
        for (Subscriber<T> subscriber : targets) {
            if (subscriber.context == null) {
                subscriber.offer(item);
            } else {
                byLoop.computeIfAbsent(subscriber.group, group -> new ArrayList<>()).add(subscriber);
            }
        }
        byLoop.forEach((group, each) -> group.runOnContext(ignored -> {
            // a subscriber whose handler throws is failed by Mutiny; the others on this loop still get the item
            for (Subscriber<T> subscriber : each) {
                subscriber.deliver(item);
            }
        }));
    }

    /**
     * The context whose task delivers to subscribers of {@code context}: for event-loop contexts the loop's root
     * context, shared by every duplicated context of that loop; for others the context itself.
     */
    static ContextInternal deliveryGroup(Context context) {
        ContextInternal internal = (ContextInternal) context;
        return internal.isEventLoopContext() ? internal.unwrap() : internal;
    }

    public int subscriberCount(String key) {
        return subscribers.getOrDefault(key, Set.of()).size();
    }

    private static final class Subscriber<T> {
        private final MultiEmitter<? super T> emitter;
        private final ToLongFunction<T> order;
        private final ContextInternal context;
        /** The context whose task delivers to this subscriber: its event loop's root context, or its own. */
        private final ContextInternal group;
        private long last = Long.MIN_VALUE;

        Subscriber(MultiEmitter<? super T> emitter, ToLongFunction<T> order, Context context) {
            this.emitter = emitter;
            this.order = order;
            this.context = (ContextInternal) context;
            this.group = context == null ? null : deliveryGroup(context);
        }

        /** On the thread of {@link #group}: the item, offered on this subscriber's own context. */
        void deliver(T item) {
            if (context == group) {
                offer(item);
            } else {
                context.dispatch(item, this::offer);
            }
        }

        synchronized void offer(T item) {
            long position = order.applyAsLong(item);
            if (position > last && !emitter.isCancelled()) {
                last = position;
                emitter.emit(item);
            }
        }
    }
}
