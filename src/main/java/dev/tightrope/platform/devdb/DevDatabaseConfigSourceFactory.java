package dev.tightrope.platform.devdb;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Makes {@code mvn quarkus:dev} work on a fresh machine: in the {@code dev} profile, when no datasource URL is
 * configured (neither JDBC nor reactive), it starts an embedded PostgreSQL (binaries from Maven) whose data lives in a git-ignored folder of the
 * working directory ({@code tightrope.dev-db.dir}, default {@code .tightrope/postgres}) and points the JDBC
 * (Flyway) and reactive (application) datasources at it.
 *
 * <p>In every other profile, or when a datasource URL is set (for example through
 * {@code QUARKUS_DATASOURCE_REACTIVE_URL}), it contributes nothing. The embedded database classes are only on the
 * dev-mode class path (Maven scope {@code provided}), so the launcher is loaded by name and never reaches the
 * packaged or native application.
 */
public class DevDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String LAUNCHER = "dev.tightrope.platform.devdb.EmbeddedDevDatabase";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || context.getProfiles().contains("test")) {
            return List.of();
        }
        if (isSet(context, "quarkus.datasource.reactive.url") || isSet(context, "quarkus.datasource.jdbc.url")) {
            return List.of();
        }
        ConfigValue dirValue = context.getValue("tightrope.dev-db.dir");
        String dir = dirValue != null && dirValue.getValue() != null ? dirValue.getValue() : ".tightrope/postgres";
        int port = startOrReuse(dir);
        Map<String, String> properties = Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
        return List.of(new PropertiesConfigSource(properties, "tightrope-embedded-dev-database", 260));
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    /**
     * Dev mode rebuilds the application class loader on every live reload, so a static field would be lost and the
     * second start would find the data folder locked. The port is kept in a JVM-wide system property instead.
     */
    private static int startOrReuse(String dir) {
        String running = System.getProperty("tightrope.dev-db.port");
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            Class<?> launcher = Class.forName(LAUNCHER, true, Thread.currentThread().getContextClassLoader());
            int port = (int) launcher.getMethod("start", String.class).invoke(null, dir);
            System.setProperty("tightrope.dev-db.port", Integer.toString(port));
            return port;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Could not start the embedded development database in '" + dir
                    + "'. Configure an external PostgreSQL with QUARKUS_DATASOURCE_JDBC_URL and "
                    + "QUARKUS_DATASOURCE_REACTIVE_URL instead.", e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(260);
    }
}
