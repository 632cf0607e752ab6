package dev.tightrope.access.application;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of API token authentication. The bootstrap secret is {@code tightrope.bootstrap-admin-token}. */
@ConfigMapping(prefix = "tightrope.access")
public interface AccessConfig {

    /**
     * How often, at most, an instance writes a token's last use: the first use after this interval is written,
     * asynchronously, the others not at all. Default 60 s.
     */
    @WithDefault("60S")
    Duration lastUseInterval();

    /**
     * How long a secret that matches no token is remembered as unknown, so a client retrying with a wrong token
     * does not query the database on every request. A token created meanwhile is announced to every instance and
     * clears this memory. Default 30 s.
     */
    @WithDefault("30S")
    Duration unknownTokenMemory();
}
