package dev.tightrope.telemetry.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.domain.BucketWidth;
import dev.tightrope.telemetry.persistence.OutcomeWindowStore;
import io.smallrye.mutiny.Uni;

/**
 * What other features read of outcomes: the totals of one deployment's version on one arm over a time window, as
 * whole buckets. A window starts at the first bucket that starts at or after {@code from}, so a bucket that began
 * before it (under another rollout weight, say) is never mixed in; it ends with the last bucket that has started.
 */
@ApplicationScoped
public class OutcomeWindows {

    private final OutcomeWindowStore store;
    private final BucketWidth width;

    OutcomeWindows(OutcomeWindowStore store, OutcomeConfig config) {
        this.store = store;
        this.width = new BucketWidth(config.bucketWidth());
    }

    /**
     * The buckets of the last {@code span} up to now (the bucket now filling included), newest first: what trigger
     * rules read.
     */
    public Uni<List<OutcomeWindowStore.TimedBucket>> recent(long deploymentId, int version, Arm arm, Instant now,
            Duration span, boolean histograms) {
        Instant end = width.startOf(now).plus(width.length());
        return store.buckets(deploymentId, version, arm, end.minus(span), end, histograms);
    }

    /** The width of one bucket. */
    public Duration bucketWidth() {
        return width.length();
    }

    public Uni<BucketStats> since(long deploymentId, int version, Arm arm, Instant from, Instant now) {
        Instant start = width.startOf(from);
        if (start.isBefore(from)) {
            start = start.plus(width.length());
        }
        return store.sum(deploymentId, version, arm, start, now.plus(width.length()));
    }
}
