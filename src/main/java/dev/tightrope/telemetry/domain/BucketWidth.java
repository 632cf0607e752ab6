package dev.tightrope.telemetry.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The length of an outcome bucket (at most 10 s) and the interval an instant falls in. Intervals are aligned to the
 * epoch, so every instance puts the same outcome in the same bucket: with 10 s buckets,
 * {@code 2026-12-01T10:00:07.400Z} counts in the bucket starting {@code 2026-12-01T10:00:00Z}.
 */
public record BucketWidth(Duration length) {

    public static final Duration MAX = Duration.ofSeconds(10);

    public BucketWidth {
        if (length.isNegative() || length.isZero() || length.compareTo(MAX) > 0 || length.toMillis() < 1) {
            throw new IllegalArgumentException("a bucket is 1 ms to 10 s long, not " + length);
        }
    }

    /** The start of the bucket {@code at} falls in. */
    public Instant startOf(Instant at) {
        long millis = length.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
    }
}
