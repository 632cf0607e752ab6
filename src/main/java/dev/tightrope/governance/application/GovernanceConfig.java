package dev.tightrope.governance.application;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of protected environments and change requests (docs/governance.md). */
@ConfigMapping(prefix = "tightrope.governance")
public interface GovernanceConfig {

    /** How long a change request waits for a decision before it expires. Default 24 hours. */
    @WithDefault("24H")
    Duration requestLifetime();

    /** How often pending change requests are checked for expiry. Default every minute. */
    @WithDefault("60S")
    String expireEvery();

    /** An approval that has not finished applying after this (its instance died) may be approved again. */
    @WithDefault("2M")
    Duration stuckApproval();
}
