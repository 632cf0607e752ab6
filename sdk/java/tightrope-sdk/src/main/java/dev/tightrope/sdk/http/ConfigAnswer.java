package dev.tightrope.sdk.http;

import dev.tightrope.sdk.routing.RoutingConfig;

/**
 * The answer of {@code GET …/config}: 200 with the configuration, or 304 ({@code config} null) when the ETag sent is
 * still current.
 */
public record ConfigAnswer(int status, String etag, RoutingConfig config) {

    public boolean notModified() {
        return status == 304;
    }
}
