package dev.tightrope.demo.application;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Demo mode (README, "Demo mode"): on in dev mode ({@code %dev.tightrope.demo.enabled=true}), off everywhere else
 * unless turned on.
 */
@ConfigMapping(prefix = "tightrope.demo")
public interface DemoConfig {

    /** Whether this instance runs the demo. Default off; the dev profile turns it on. */
    @WithDefault("false")
    boolean enabled();

    /** The demo agent's slug. */
    @WithDefault("demo-support-bot")
    String agent();

    /** The environment it is deployed in. */
    @WithDefault("production")
    String environment();

    /** Synthetic requests a second the demo's runtime serves (and reports outcomes of). */
    @WithDefault("60")
    double requestsPerSecond();

    /** How long version 1 serves alone before the first rollout. */
    @WithDefault("10S")
    Duration warmUp();

    /** The pause between a rollout's end and the next round. */
    @WithDefault("20S")
    Duration pause();

    /** How often the demo looks at its deployment to move the story on. */
    @WithDefault("2S")
    Duration lookEvery();

    /** How often the runtime reports the outcomes of the requests served meanwhile (one NDJSON batch). */
    @WithDefault("0.5S")
    Duration reportEvery();

    /** The seed of the synthetic traffic; by default a new one at every start. */
    Optional<Long> seed();

    /** The URL the demo calls this application at; by default its own HTTP address on this machine. */
    Optional<URI> url();
}
