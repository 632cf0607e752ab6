package dev.tightrope.release.application;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.platform.streams.KeyedBroadcast;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.persistence.DeploymentEventRepository;
import io.smallrye.mutiny.Multi;

/**
 * Live streams of deployment events for dashboards ({@code deploymentChanged}). Every event raises the deployment's
 * generation, and every new generation reaches this instance as a routing-table swap (whoever committed it), so on
 * each swap the events since the last one published are read from the history and emitted in order.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class);

    private final KeyedBroadcast<DeploymentEvent> broadcast = new KeyedBroadcast<>(DeploymentEvent::generation);
    private final Map<Long, Long> emitted = new ConcurrentHashMap<>();
    private final Sessions sessions;
    private final DeploymentEventRepository events;

    private final PropagationService propagation;

    EventStreams(RoutingTables tables, Sessions sessions, DeploymentEventRepository events,
            PropagationService propagation) {
        this.propagation = propagation;
        this.sessions = sessions;
        this.events = events;
        tables.onChange(this::changed);
    }

    public Multi<DeploymentEvent> stream(String agent, String environment) {
        return broadcast.subscribe(ConfigStreams.key(agent, environment), () -> null);
    }

    /** Subscribers of one deployment right now, on this instance. */
    public int subscriberCount(String agent, String environment) {
        return broadcast.subscriberCount(ConfigStreams.key(agent, environment));
    }

    /**
     * Reads from the last generation emitted (not the last table), so two overlapping reads after quick successive
     * changes both cover the gap; the broadcast drops whatever a subscriber already has.
     */
    private void changed(RoutingTable table) {
        String key = ConfigStreams.key(table.agent(), table.environment());
        if (broadcast.subscriberCount(key) == 0) {
            emitted.merge(table.deploymentId(), table.generation(), Math::max);
            return;
        }
        long from = emitted.getOrDefault(table.deploymentId(), table.generation() - 1);
        sessions.read(() -> events.between(table.deploymentId(), from, table.generation())
                .chain(rows -> propagation.of(rows.stream().map(row -> row.id).toList())
                        .map(known -> rows.stream().map(row -> TrafficService.toDomain(row, table.agent(),
                                table.environment()).withPropagation(known.get(row.id))).toList())))
                .subscribe().with(
                        list -> list.forEach(event -> {
                            broadcast.publish(key, event);
                            emitted.merge(table.deploymentId(), event.generation(), Math::max);
                        }),
                        error -> LOG.warnf("Could not read events of deployment %d: %s", table.deploymentId(),
                                error.toString()));
    }
}
