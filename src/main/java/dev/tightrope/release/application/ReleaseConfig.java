package dev.tightrope.release.application;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of deployments and config propagation. */
@ConfigMapping(prefix = "tightrope.release")
public interface ReleaseConfig {

    /**
     * How long a traffic change waits for every runtime connected at decision time to acknowledge it before its
     * propagation is recorded as TIMED_OUT (propagatedAt = the deadline). Default 30 s.
     */
    @WithDefault("30S")
    Duration propagationTimeout();

    /**
     * A runtime subscription whose instance has not confirmed it for this long counts as disconnected (its instance
     * died). Instances confirm their subscriptions every third of this. Default 30 s.
     */
    @WithDefault("30S")
    Duration runtimeLiveness();
}
