package dev.tightrope.platform.streams;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Hot streams by key (for example one per deployment) for GraphQL subscriptions. Items carry an increasing order
 * (a generation); each subscriber receives every item only once and never an older one than it already has, however
 * publishing and subscribing interleave. Publishing is synchronous on the caller's thread and never blocks.
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
            Subscriber<T> subscriber = new Subscriber<>(emitter, order);
            subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscriber);
            emitter.onTermination(() -> subscribers.getOrDefault(key, Set.of()).remove(subscriber));
            T first = initial.get();
            if (first != null) {
                subscriber.offer(first);
            }
        });
    }

    public void publish(String key, T item) {
        Set<Subscriber<T>> targets = subscribers.get(key);
        if (targets != null) {
            targets.forEach(subscriber -> subscriber.offer(item));
        }
    }

    public int subscriberCount(String key) {
        return subscribers.getOrDefault(key, Set.of()).size();
    }

    private static final class Subscriber<T> {
        private final MultiEmitter<? super T> emitter;
        private final ToLongFunction<T> order;
        private long last = Long.MIN_VALUE;

        Subscriber(MultiEmitter<? super T> emitter, ToLongFunction<T> order) {
            this.emitter = emitter;
            this.order = order;
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
