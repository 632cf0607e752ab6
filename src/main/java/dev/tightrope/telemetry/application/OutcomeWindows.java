package dev.tightrope.telemetry.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.domain.BucketWidth;
import dev.tightrope.telemetry.domain.OutcomeRange;
import dev.tightrope.telemetry.domain.TimedBucket;
import dev.tightrope.telemetry.persistence.OutcomeRangeStore;
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
    private final OutcomeRangeStore ranges;
    private final BucketWidth width;

    OutcomeWindows(OutcomeWindowStore store, OutcomeRangeStore ranges, OutcomeConfig config) {
        this.store = store;
        this.ranges = ranges;
        this.width = new BucketWidth(config.bucketWidth());
    }

    /** The buckets of each range, newest first, in the order of the ranges: one round trip for all of them. */
    public Uni<List<List<TimedBucket>>> buckets(List<OutcomeRange> of) {
        return ranges.buckets(of);
    }

    /** The total of each range, in the order of the ranges: one round trip for all of them. */
    public Uni<List<BucketStats>> sums(List<OutcomeRange> of) {
        return ranges.sums(of);
    }

    /** The end of the bucket now filling: a window "up to now" ends there. */
    public Instant endOfBucket(Instant now) {
        return width.startOf(now).plus(width.length());
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
