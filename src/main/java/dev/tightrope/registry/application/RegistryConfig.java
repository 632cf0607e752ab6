package dev.tightrope.registry.application;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the registry. */
@ConfigMapping(prefix = "tightrope.registry")
public interface RegistryConfig {

    /**
     * Largest accepted component content, in bytes of canonical JSON (a system prompt, a tool list...). Larger
     * content is rejected with VALIDATION. Default 256 KiB.
     */
    @WithDefault("262144")
    int maxComponentBytes();
}
