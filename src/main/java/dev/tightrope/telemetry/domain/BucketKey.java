package dev.tightrope.telemetry.domain;

import java.time.Instant;
import java.util.Comparator;

import dev.tightrope.release.domain.Arm;

/**
 * Which bucket an outcome counts in: one deployment's version on one arm, during one interval of
 * {@link BucketWidth} starting at {@code start}.
 */
public record BucketKey(long deploymentId, int version, Arm arm, Instant start) implements Comparable<BucketKey> {

    /** The order in which a transaction locks buckets, the same everywhere, so two batches never deadlock. */
    private static final Comparator<BucketKey> ORDER = Comparator.comparingLong(BucketKey::deploymentId)
            .thenComparingInt(BucketKey::version).thenComparing(BucketKey::arm).thenComparing(BucketKey::start);

    @Override
    public int compareTo(BucketKey other) {
        return ORDER.compare(this, other);
    }
}
