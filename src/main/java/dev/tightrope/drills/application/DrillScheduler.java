package dev.tightrope.drills.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.drills.domain.DrillSchedule;
import dev.tightrope.drills.persistence.DrillStore;
import dev.tightrope.platform.instance.ExclusivePasses;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.RoutingTables;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Runs the scheduled drills, on one instance at a time: every {@code tightrope.drills.every} (default 1 min) one
 * pass, under its advisory lock ({@link ExclusivePasses#DRILLS}), looks at every deployment with a stable version,
 * takes its agent's schedule (its own or the default), and drills it for the schedule's latest slot unless that slot
 * was drilled already or is older than {@code tightrope.drills.catch-up} (1 h: a slot missed while every instance
 * was down is made up once an instance is back, but a new agent is not drilled for last month's slot). The pass
 * also counts the deployments that are overdue ({@code tightrope_drills_overdue}).
 *
 * <p>The pass holds the lock (one pooled connection, in a transaction) for as long as its drills take: a DRY_RUN
 * takes milliseconds, a LIVE one until the runtimes have acknowledged twice. Drills run one after the other.
 */
@ApplicationScoped
public class DrillScheduler {

    private static final Logger LOG = Logger.getLogger(DrillScheduler.class);
    static final String ACTOR = "schedule";

    private final ExclusivePasses passes;
    private final RoutingTables tables;
    private final DrillStore store;
    private final DrillService drills;
    private final Drills queries;
    private final DrillMetrics metrics;
    private final Clock clock;
    private final Duration catchUp;

    DrillScheduler(ExclusivePasses passes, RoutingTables tables, DrillStore store,
            DrillService drills, Drills queries, DrillMetrics metrics, Clock clock, DrillsConfig config) {
        this.passes = passes;
        passes.retryAtTakeover(ExclusivePasses.DRILLS, this::scheduled);
        this.tables = tables;
        this.store = store;
        this.drills = drills;
        this.queries = queries;
        this.metrics = metrics;
        this.clock = clock;
        this.catchUp = config.catchUp();
    }

    @Scheduled(every = "${tightrope.drills.every:1M}", delayed = "30S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Scheduled drills failed, will retry at the next pass: %s", failure.toString());
            return null;
        }).replaceWithVoid();
    }

    /** One pass; the drills it ran (none when another instance holds the pass). */
    public Uni<List<DrillResult>> runOnce() {
        return passes.run(ExclusivePasses.DRILLS, connection -> pass()).map(ran -> ran == null ? List.of() : ran);
    }

    private Uni<List<DrillResult>> pass() {
        Instant now = clock.instant();
        List<RoutingTable> deployed = tables.all(); // a table exists only for a deployment with a stable version
        return store.schedules().chain(schedules -> queries.lastPassed(deployed.stream()
                .map(RoutingTable::deploymentId).toList()).invoke(last -> metrics.overdue((int) deployed.stream()
                        .filter(table -> queries.overdue(last.get(table.deploymentId()))).count()))
                .chain(ignored -> drillDue(deployed, schedules, now)));
    }

    private Uni<List<DrillResult>> drillDue(List<RoutingTable> deployed, Map<Long, DrillSchedule> schedules,
            Instant now) {
        List<DrillResult> ran = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RoutingTable table : deployed) {
            chain = chain.chain(() -> queries.agentId(table.agent()).chain(agentId -> {
                DrillSchedule schedule = schedules.getOrDefault(agentId, queries.defaults());
                Optional<Instant> slot = schedule.enabled() ? schedule.latestSlot(now) : Optional.empty();
                if (slot.isEmpty() || slot.get().isBefore(now.minus(catchUp))) {
                    return Uni.createFrom().voidItem();
                }
                return store.slotTaken(table.deploymentId(), slot.get()).chain(taken -> taken
                        ? Uni.createFrom().voidItem()
                        : drills.run(table.agent(), table.environment(), schedule.mode(), ACTOR, slot.get())
                                .invoke(result -> {
                                    if (result != null) {
                                        ran.add(result);
                                    }
                                })
                                .onFailure().invoke(failure -> LOG.warnf("Scheduled drill of %s/%s failed: %s",
                                        table.agent(), table.environment(), failure.toString()))
                                .onFailure().recoverWithNull().replaceWithVoid());
            }));
        }
        return chain.map(ignored -> ran);
    }
}
