package dev.tightrope.release.application;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
 *
 * <p>Besides per-deployment streams, {@link #onEvent} hands every event of every deployment to listeners inside the
 * application (the Slack notifier). Every instance hears every event, usually once, but possibly again after a
 * reconnect or a restart (then the latest event of each deployment is heard anew): listeners that must act once
 * across instances deduplicate by event id.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class);

    private final KeyedBroadcast<DeploymentEvent> broadcast = new KeyedBroadcast<>(DeploymentEvent::generation);
    private final Map<Long, Long> emitted = new ConcurrentHashMap<>();
    private final List<Consumer<DeploymentEvent>> listeners = new CopyOnWriteArrayList<>();
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

    /** @throws dev.tightrope.platform.error.TightropeException VALIDATION for an agent or environment not a slug */
    public Multi<DeploymentEvent> stream(String agent, String environment) {
        ConfigStreams.checkDeployment(agent, environment);
        return broadcast.subscribe(ConfigStreams.key(agent, environment), () -> null);
    }

    /**
     * Calls {@code listener} with every event this instance hears of, in generation order per deployment, on the
     * event loop (it must not block).
     */
    public void onEvent(Consumer<DeploymentEvent> listener) {
        listeners.add(listener);
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
        if (broadcast.subscriberCount(key) == 0 && listeners.isEmpty()) {
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
                            tell(event);
                        }),
                        error -> LOG.warnf("Could not read events of deployment %d: %s", table.deploymentId(),
                                error.toString()));
    }

    private void tell(DeploymentEvent event) {
        for (Consumer<DeploymentEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Deployment event listener failed for event %d", event.id());
            }
        }
    }
}
