package dev.tightrope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A throwaway real PostgreSQL for the test run: started before Quarkus, deleted after. Tests that must see the
 * database go away (fail-static behaviour) use {@link #postgres()}.
 *
 * <p>Annotated here once, the resource applies to every {@code @QuarkusTest} of the run, so all test classes share
 * one application and one database; tests keep apart by using unique agent slugs.
 */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
        int port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The running database, for tests that inspect it with JDBC or stop it. */
    public static EmbeddedPostgres postgres() {
        return postgres;
    }
}
