package dev.tightrope.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test database ({@link EmbeddedPostgresResource}) with the application's reactive pool connected through a
 * {@link RoundTripProxy}; Flyway (JDBC) and the tests' own JDBC connections go straight to PostgreSQL. For a test
 * profile that disables the global test resources.
 */
public class ProxiedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static RoundTripProxy proxy;
    private final EmbeddedPostgresResource database = new EmbeddedPostgresResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(database.start());
        proxy = RoundTripProxy.start(EmbeddedPostgresResource.postgres().getPort());
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + "/postgres");
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        database.stop();
    }

    /** The proxy in front of the database of the running application. */
    public static RoundTripProxy proxy() {
        return proxy;
    }
}
