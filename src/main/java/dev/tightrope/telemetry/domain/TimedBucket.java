package dev.tightrope.telemetry.domain;

import java.time.Instant;

/** One bucket's stats and when the bucket starts. */
public record TimedBucket(Instant start, BucketStats stats) {
}
