package dev.tightrope.release.application;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.streams.KeyedBroadcast;
import io.smallrye.mutiny.Multi;

/**
 * Live streams of routing tables per deployment, for runtimes that cache their configuration
 * ({@code configChanged}): the current table first (once something is deployed), then every newer generation.
 */
@ApplicationScoped
public class ConfigStreams {

    private final RoutingTables tables;
    private final KeyedBroadcast<RoutingTable> broadcast = new KeyedBroadcast<>(RoutingTable::generation);

    ConfigStreams(RoutingTables tables) {
        this.tables = tables;
        tables.onChange(table -> broadcast.publish(key(table.agent(), table.environment()), table));
    }

    public Multi<RoutingTable> stream(String agent, String environment) {
        return broadcast.subscribe(key(agent, environment), () -> tables.table(agent, environment));
    }

    /** Subscribers of one deployment right now, on this instance. */
    public int subscriberCount(String agent, String environment) {
        return broadcast.subscriberCount(key(agent, environment));
    }

    static String key(String agent, String environment) {
        return agent + '\u0000' + environment;
    }
}
