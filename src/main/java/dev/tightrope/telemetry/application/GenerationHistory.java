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

    /**
     * The arm a version is served on: in the deployment's current split, else in the latest generation known here
     * that routed to it; null when nothing is deployed or no known generation routed to it. For reports that name a
     * version without its arm (an OpenFeature variant "v14"): when a version was canary and is stable now, its
     * current arm is the answer, so such reports should name the arm.
     */
    public Arm armOf(String agent, String environment, int version) {
        RoutingTable current = tables.table(agent, environment);
        if (current == null) {
            return null;
        }
        Arm arm = armIn(current.split(), version);
        if (arm != null) {
            return arm;
        }
        Map<Long, TrafficSplit> history = history(current.deploymentId());
        long latest = Long.MIN_VALUE;
        synchronized (history) {
            for (Map.Entry<Long, TrafficSplit> known : history.entrySet()) {
                Arm armThen = armIn(known.getValue(), version);
                if (armThen != null && known.getKey() > latest) {
                    latest = known.getKey();
                    arm = armThen;
                }
            }
        }
        return arm;
    }

    private static Arm armIn(TrafficSplit split, int version) {
        if (split.canaryVersion() != null && split.canaryVersion() == version) {
            return Arm.CANARY;
        }
        return split.stableVersion() == version ? Arm.STABLE : null;
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
