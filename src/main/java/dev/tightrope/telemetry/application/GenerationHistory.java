package dev.tightrope.telemetry.application;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.RoutingTables;
import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.TrafficSplit;
import io.quarkus.runtime.StartupEvent;

/**
 * Which versions the recent generations of each deployment routed to, learnt from the routing tables as they change,
 * so an outcome that names only its generation and arm (as route() answered) can be counted for its version. The
 * last {@value #KEPT} generations of each deployment are kept; an outcome of an older one must name its version.
 */
@ApplicationScoped
public class GenerationHistory {

    static final int KEPT = 64;

    private final RoutingTables tables;
    private final Map<Long, Map<Long, TrafficSplit>> splits = new ConcurrentHashMap<>();

    GenerationHistory(RoutingTables tables) {
        this.tables = tables;
    }

    void start(@Observes StartupEvent started) {
        tables.onChange(this::remember);
    }

    /** The deployment of an agent in an environment, or null when nothing is deployed there. */
    public RoutingTable deployment(String agent, String environment) {
        return tables.table(agent, environment);
    }

    /** The version that generation routed this arm to, or null when it is not known here. */
    public Integer versionOf(String agent, String environment, long generation, Arm arm) {
        RoutingTable current = tables.table(agent, environment);
        if (current == null) {
            return null;
        }
        TrafficSplit split = current.generation() == generation ? current.split()
                : history(current.deploymentId()).get(generation);
        if (split == null || arm == Arm.CANARY && split.canaryVersion() == null) {
            return null;
        }
        return split.versionOf(arm);
    }

    private void remember(RoutingTable table) {
        Map<Long, TrafficSplit> history = history(table.deploymentId());
        synchronized (history) {
            history.put(table.generation(), table.split());
        }
    }

    private Map<Long, TrafficSplit> history(long deploymentId) {
        return splits.computeIfAbsent(deploymentId, id -> java.util.Collections.synchronizedMap(
                new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, TrafficSplit> eldest) {
                        return size() > KEPT;
                    }
                }));
    }
}
