package dev.tightrope.packaged;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the packaged application needs besides its database (which {@code EmbeddedPostgresResource} provides to every
 * test): the first admin token, as an operator would give it (TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN).
 */
public class PackagedAppResource implements QuarkusTestResourceLifecycleManager {

    static final String ADMIN_TOKEN = "tr_packaged-it-admin-000000000000000000000000000000000000000";

    @Override
    public Map<String, String> start() {
        return Map.of("tightrope.bootstrap-admin-token", ADMIN_TOKEN);
    }

    @Override
    public void stop() {
    }
}
