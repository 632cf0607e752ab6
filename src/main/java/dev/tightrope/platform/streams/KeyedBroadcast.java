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
     * Delivers {@code item} to every subscriber of {@code key}: one task per event loop (Vert.x context) that hands
     * it to each of that context's subscribers in turn, rather than one task per subscriber. A change reaching 1 000
     * runtimes on two event loops is so two tasks, not 1 000 (each task costs a queue insertion, a wake-up and the
     * context switch-in).
     */
    public void publish(String key, T item) {
        Set<Subscriber<T>> targets = subscribers.get(key);
        if (targets == null) {
            return;
        }
        Map<Context, List<Subscriber<T>>> byContext = new HashMap<>();
        for (Subscriber<T> subscriber : targets) {
            if (subscriber.context == null) {
                subscriber.offer(item);
            } else {
                byContext.computeIfAbsent(subscriber.context, context -> new ArrayList<>()).add(subscriber);
            }
        }
        byContext.forEach((context, each) -> context.runOnContext(ignored -> {
            // a subscriber whose handler throws is failed by Mutiny; the others on this loop still get the item
            for (Subscriber<T> subscriber : each) {
                subscriber.offer(item);
            }
        }));
    }

    public int subscriberCount(String key) {
        return subscribers.getOrDefault(key, Set.of()).size();
    }

    private static final class Subscriber<T> {
        private final MultiEmitter<? super T> emitter;
        private final ToLongFunction<T> order;
        private final Context context;
        private long last = Long.MIN_VALUE;

        Subscriber(MultiEmitter<? super T> emitter, ToLongFunction<T> order, Context context) {
            this.emitter = emitter;
            this.order = order;
            this.context = context;
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
