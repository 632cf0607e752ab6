import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The conformance run's throwaway PostgreSQL: the embedded binaries the project's tests use, on a free loopback
 * port. Writes the port to the file given, then runs until its standard input closes (or it is killed), and stops
 * PostgreSQL on the way out. Run as a single-file program: {@code java -cp <classpath> EmbeddedDatabase.java
 * <data dir> <port file>}.
 */
public class EmbeddedDatabase {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(data);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(true).start()) {
            Path portFile = Path.of(args[1]);
            Path partial = Path.of(args[1] + ".tmp");
            Files.writeString(partial, Integer.toString(postgres.getPort()));
            Files.move(partial, portFile);
            while (System.in.read() >= 0) {
                // wait for the script to close our input
            }
        }
    }
}
