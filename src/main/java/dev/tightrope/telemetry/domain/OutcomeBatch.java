package dev.tightrope.telemetry.domain;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One batch of outcomes aggregated into the deltas of the buckets it touches, so that storing it writes one row per
 * bucket, not one per outcome: a batch of 1 000 outcomes of one deployment over 10 seconds is two bucket deltas
 * (one per arm). The buckets are in {@link BucketKey} order, the order in which they are locked.
 */
public final class OutcomeBatch {

    private final SortedMap<BucketKey, BucketStats> deltas = new TreeMap<>();
    private int outcomes;

    /** Counts an outcome of this deployment in its bucket. */
    public void add(long deploymentId, Outcome outcome, BucketWidth width) {
        BucketKey key = new BucketKey(deploymentId, outcome.version(), outcome.arm(),
                width.startOf(outcome.occurredAt()));
        deltas.computeIfAbsent(key, k -> new BucketStats()).record(outcome);
        outcomes++;
    }

    /** The bucket deltas, in locking order. */
    public SortedMap<BucketKey, BucketStats> deltas() {
        return Collections.unmodifiableSortedMap(deltas);
    }

    public int outcomes() {
        return outcomes;
    }

    public boolean isEmpty() {
        return outcomes == 0;
    }
}
