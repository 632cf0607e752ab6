package dev.tightrope.release.application;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.streams.KeyedBroadcast;
import dev.tightrope.registry.domain.AgentRules;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Live streams of routing tables per deployment, for runtimes that cache their configuration
 * ({@code configChanged}): the current table first (once something is deployed), then every newer generation.
 */
@ApplicationScoped
public class ConfigStreams {

    private final RoutingTables tables;
    private final PropagationService propagation;
    private final KeyedBroadcast<RoutingTable> broadcast = new KeyedBroadcast<>(RoutingTable::generation);

    ConfigStreams(RoutingTables tables, PropagationService propagation) {
        this.tables = tables;
        this.propagation = propagation;
        tables.onChange(table -> broadcast.publish(key(table.agent(), table.environment()), table));
    }

    /**
     * @throws dev.tightrope.platform.error.TightropeException VALIDATION for an agent or environment that is not a
     *                                                         slug (no deployment can ever have it)
     */
    public Multi<RoutingTable> stream(String agent, String environment) {
        checkDeployment(agent, environment);
        return broadcast.subscribe(key(agent, environment), () -> tables.table(agent, environment));
    }

    /**
     * The stream of a runtime's {@code configChanged} subscription. With a {@code runtimeId}, the runtime is
     * registered as connected while the stream lasts, so each change waits for its acknowledgement; registering is
     * best effort: a runtime still gets its configuration while the database is down.
     *
     * @throws dev.tightrope.platform.error.TightropeException VALIDATION for a malformed runtimeId, agent or
     *                                                         environment given with a runtimeId
     */
    public Multi<RoutingTable> watch(String agent, String environment, String runtimeId) {
        if (runtimeId == null) {
            return stream(agent, environment);
        }
        // first: it refuses the agent, environment and runtimeId together, with every violation
        Uni<Long> connected = propagation.connected(agent, environment, runtimeId);
        Multi<RoutingTable> stream = stream(agent, environment);
        return connected
                .onFailure().recoverWithItem(-1L)
                .onItem().transformToMulti(subscription -> stream.onTermination().invoke(() -> {
                    if (subscription >= 0) {
                        propagation.disconnected(subscription).subscribe().with(ignored -> { }, error -> { });
                    }
                }));
    }

    /** Subscribers of one deployment right now, on this instance. */
    public int subscriberCount(String agent, String environment) {
        return broadcast.subscriberCount(key(agent, environment));
    }

    /** VALIDATION unless both are slugs: a stream of a deployment that cannot exist would stay silent forever. */
    static void checkDeployment(String agent, String environment) {
        AgentRules.requireSlugs("agent", agent, "environment", environment);
    }

    static String key(String agent, String environment) {
        return agent + '\u0000' + environment;
    }
}
