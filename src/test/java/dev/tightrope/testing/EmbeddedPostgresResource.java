package dev.tightrope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A throwaway real PostgreSQL for the test run: started before Quarkus, deleted after. Tests that must see the
 * database go away (fail-static behaviour) {@link #stop()} and {@link #restart()} it: same data, same port.
 *
 * <p>Annotated here once, the resource applies to every {@code @QuarkusTest} of the run, so all test classes share
 * one application and one database; tests keep apart by using unique agent slugs.
 */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;
    private static Path dataDirectory;
    private static int port;

    @Override
    public Map<String, String> start() {
        try {
            dataDirectory = Files.createTempDirectory("tightrope-test-pg");
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
        port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
            if (dataDirectory != null) {
                try (Stream<Path> files = Files.walk(dataDirectory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running database, for tests that inspect it with JDBC. */
    public static EmbeddedPostgres postgres() {
        return postgres;
    }

    /** Shuts the database down, keeping its data (the application sees connections refused). */
    public static synchronized void shutDown() throws IOException {
        postgres.close();
    }

    /** Starts the database again on the same port with the same data. */
    public static synchronized void restart() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }
}
