package dev.tightrope.telemetry.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.telemetry.persistence.OutcomeStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Deletes outcome buckets older than {@code tightrope.outcomes.retention} (14 days), with the batch ids of that
 * age, every {@code tightrope.outcomes.cleanup-every}. Safe on several instances at once: a delete by age twice is
 * the same as once.
 */
@ApplicationScoped
public class OutcomeRetention {

    private static final Logger LOG = Logger.getLogger(OutcomeRetention.class);

    private final OutcomeStore store;
    private final OutcomeConfig config;
    private final Clock clock;

    OutcomeRetention(OutcomeStore store, OutcomeConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${tightrope.outcomes.cleanup-every:1H}", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cleanUp() {
        return cleanUpNow().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Outcome cleanup failed, will retry at the next run: %s", failure.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Deletes what is past the retention now; the number of buckets deleted. */
    public Uni<Integer> cleanUpNow() {
        return store.deleteOlderThan(clock.instant().minus(config.retention()))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Deleted %d outcome buckets older than %s", deleted, config.retention());
                    }
                });
    }
}
