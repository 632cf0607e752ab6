package dev.tightrope.runtime.application;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the runtime API over plain HTTP, mostly of its Server-Sent Events stream. */
@ConfigMapping(prefix = "tightrope.runtime")
public interface RuntimeApiConfig {

    /**
     * How often an idle configuration stream sends a heartbeat comment ({@code : heartbeat}), so that proxies keep
     * the connection open and a runtime notices a dead one. Default 15 s.
     */
    @WithDefault("15S")
    Duration streamHeartbeat();

    /**
     * The {@code retry:} hint sent when a stream opens: how long an SSE client waits before it reconnects after the
     * connection is lost (SDKs add their own backoff on top). Default 3 s.
     */
    @WithDefault("3S")
    Duration streamRetry();

    /**
     * How long a stream's connection may stay unable to take more data (the runtime does not read, its network is
     * stuck) before the stream is closed. Until then it only receives the newest configuration once it reads again,
     * the generations in between are skipped. Checked at every heartbeat. Default 60 s.
     */
    @WithDefault("60S")
    Duration streamStallTimeout();
}
