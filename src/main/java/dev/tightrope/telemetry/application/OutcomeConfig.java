package dev.tightrope.telemetry.application;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How outcomes are taken in and kept. */
@ConfigMapping(prefix = "tightrope.outcomes")
public interface OutcomeConfig {

    /** Length of a bucket, at most 10 s: the finest time resolution of every comparison. Default 10 s. */
    @WithDefault("10S")
    Duration bucketWidth();

    /** How long buckets (and the batch ids seen) are kept; older ones are deleted by the cleanup job. 14 days. */
    @WithDefault("14D")
    Duration retention();

    /** How often the cleanup job runs. Default every hour. */
    @WithDefault("1H")
    Duration cleanupEvery();

    /** Most outcomes in one GraphQL {@code reportOutcomes} call. Default 1 000. */
    @WithDefault("1000")
    int maxPerCall();

    /** Most lines in one NDJSON request. Default 10 000. */
    @WithDefault("10000")
    int maxPerRequest();

    /**
     * Largest NDJSON body once a gzip body ({@code Content-Encoding: gzip}) is inflated, in bytes; larger answers 413
     * {@code PAYLOAD_TOO_LARGE}. The body as sent is held to {@code quarkus.http.limits.max-body-size} (2 MiB) like
     * every request. Default 8 MiB.
     */
    @WithDefault("8388608")
    long maxDecompressedBytes();

    /**
     * Most outcomes being validated and stored at once on this instance; a request that would go beyond is answered
     * 429 {@code OVERLOADED} with {@code Retry-After}, before anything of it is read into buckets. Bounds memory.
     * Default 50 000.
     */
    @WithDefault("50000")
    int maxInFlight();

    /** The Retry-After of an overloaded answer. Default 1 s. */
    @WithDefault("1S")
    Duration retryAfter();
}
