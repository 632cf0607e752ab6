package dev.tightrope.rules.application;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Trigger rules: how often they are evaluated, and over which windows. */
@ConfigMapping(prefix = "tightrope.rules")
public interface RulesConfig {

    /** How often every rule is evaluated on every deployment (a Quarkus duration, or {@code off}). Default 5 s. */
    @WithDefault("5S")
    String every();

    /** The longest window a rule reads when traffic is low (see RuleWindow). Default 5 minutes. */
    @WithDefault("5M")
    Duration maxWindow();

    /**
     * Without a rollout, the baseline of relative rules is the version's own figures over this long before its
     * current window. Default 1 hour.
     */
    @WithDefault("1H")
    Duration trailingBaseline();

    /** How long a tool's circuit breaker stays OPEN before it half-opens. Default 60 s. */
    @WithDefault("60S")
    Duration breakerOpenFor();

    /** Percent of routing keys (1 to 99) that may use a tool again while its breaker is HALF_OPEN. Default 10. */
    @WithDefault("10")
    int breakerHalfOpenShare();
}
