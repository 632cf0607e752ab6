package dev.tightrope.telemetry.otlp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The OTLP trace intake ({@code POST /v1/traces}); its other limits are the outcome intake's. */
@ConfigMapping(prefix = "tightrope.otlp")
public interface OtlpConfig {

    /**
     * Largest body once a gzip body is inflated, in bytes; larger answers 413 {@code PAYLOAD_TOO_LARGE}. The body as
     * sent is held to {@code quarkus.http.limits.max-body-size} (2 MiB) like every request. Default 8 MiB.
     */
    @WithDefault("8388608")
    long maxDecompressedBytes();
}
