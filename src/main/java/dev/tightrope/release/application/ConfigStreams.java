package dev.tightrope.release.application;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Live streams of routing tables per deployment, for runtimes that cache their configuration
 * ({@code configChanged}). A new subscriber first gets the current table (if anything is deployed), then every
 * newer one; a subscriber never gets an older or the same generation twice, whatever the interleaving of swaps and
 * subscriptions.
 */
@ApplicationScoped
public class ConfigStreams {

    private final RoutingTables tables;
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();

    ConfigStreams(RoutingTables tables) {
        this.tables = tables;
        tables.onChange(this::publish);
    }

    public Multi<RoutingTable> stream(String agent, String environment) {
        String key = agent + '\u0000' + environment;
        return Multi.createFrom().emitter(emitter -> {
            Subscriber subscriber = new Subscriber(emitter);
            subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscriber);
            emitter.onTermination(() -> subscribers.getOrDefault(key, Set.of()).remove(subscriber));
            RoutingTable current = tables.table(agent, environment);
            if (current != null) {
                subscriber.offer(current);
            }
        });
    }

    /** Subscribers of one deployment right now (on this instance). */
    public int subscriberCount(String agent, String environment) {
        return subscribers.getOrDefault(agent + '\u0000' + environment, Set.of()).size();
    }

    private void publish(RoutingTable table) {
        Set<Subscriber> targets = subscribers.get(table.agent() + '\u0000' + table.environment());
        if (targets != null) {
            targets.forEach(subscriber -> subscriber.offer(table));
        }
    }

    /** One subscription; emits only newer generations, one at a time. */
    private static final class Subscriber {
        private final MultiEmitter<? super RoutingTable> emitter;
        private long lastGeneration = -1;

        Subscriber(MultiEmitter<? super RoutingTable> emitter) {
            this.emitter = emitter;
        }

        synchronized void offer(RoutingTable table) {
            if (table.generation() > lastGeneration && !emitter.isCancelled()) {
                lastGeneration = table.generation();
                emitter.emit(table);
            }
        }
    }
}
