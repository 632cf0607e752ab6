package dev.tightrope.telemetry.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.telemetry.persistence.OutcomeCompactionStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Every 30 s, merges the latency-histogram parts of buckets that have closed (started more than two bucket lengths
 * ago) into their bucket rows, so reading a window merges one histogram per bucket, not one per batch. Until then a
 * window reads the parts too: nothing is ever missing from a window.
 */
@ApplicationScoped
public class OutcomeCompaction {

    static final int BUCKETS_PER_RUN = 500;
    private static final Logger LOG = Logger.getLogger(OutcomeCompaction.class);

    private final OutcomeCompactionStore store;
    private final OutcomeConfig config;
    private final Clock clock;

    OutcomeCompaction(OutcomeCompactionStore store, OutcomeConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "30S", delayed = "30S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return compactNow().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Outcome histogram compaction failed, will retry at the next run: %s", failure.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Merges the parts of closed buckets now; the number of parts merged. */
    public Uni<Integer> compactNow() {
        return store.compact(clock.instant().minus(config.bucketWidth().multipliedBy(2)), BUCKETS_PER_RUN);
    }
}
