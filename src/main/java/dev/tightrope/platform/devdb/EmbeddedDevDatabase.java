package dev.tightrope.platform.devdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts the embedded PostgreSQL used by dev mode. Loaded by name from {@link DevDatabaseConfigSourceFactory} only,
 * because its library is on the dev-mode class path alone.
 */
public final class EmbeddedDevDatabase {

    private EmbeddedDevDatabase() {
    }

    /**
     * Starts PostgreSQL on a free port with its data in {@code dir} (kept between runs) and stops it when the JVM
     * exits.
     *
     * @return the port it listens on
     */
    public static int start(String dir) throws IOException {
        Path dataDir = Path.of(dir).toAbsolutePath();
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .start();
        System.out.println("Tightrope dev database: embedded PostgreSQL on port " + postgres.getPort()
                + ", data in " + dataDir);
        return postgres.getPort();
    }
}
