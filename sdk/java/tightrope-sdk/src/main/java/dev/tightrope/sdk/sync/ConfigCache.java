package dev.tightrope.sdk.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import dev.tightrope.sdk.TightropeException;
import dev.tightrope.sdk.routing.RoutingConfig;

/**
 * The optional file cache: the last configuration on disk, so that a runtime that starts while the server is away
 * still serves (fail-static from its first request).
 *
 * <p>Written atomically: the JSON goes to a temporary file in the same folder, is forced to the disk, and is then
 * renamed over the old file ({@code ATOMIC_MOVE}), so a crash in the middle never leaves a torn file: a reader
 * sees the old configuration or the new one. A file that cannot be read or parsed, or that holds another
 * deployment's configuration, is ignored at start (and overwritten by the next configuration).
 */
public final class ConfigCache {

    private final Path path;

    public ConfigCache(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /**
     * The cached configuration of {@code agent} in {@code environment}; empty when there is no file, and when it is
     * unreadable or someone else's (then {@code problem} says why, for the log).
     */
    public Optional<RoutingConfig> load(String agent, String environment, java.util.function.Consumer<String> problem) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            problem.accept("could not read the cache file " + path + ": " + e);
            return Optional.empty();
        }
        RoutingConfig config;
        try {
            config = RoutingConfig.fromJson(text);
        } catch (TightropeException e) {
            problem.accept("ignored the cache file " + path + ": " + e.getMessage());
            return Optional.empty();
        }
        if (!agent.equals(config.agent()) || !environment.equals(config.environment())) {
            problem.accept("ignored the cache file " + path + ": it holds " + config.agent() + "/"
                    + config.environment() + ", not " + agent + "/" + environment);
            return Optional.empty();
        }
        return Optional.of(config);
    }

    /** Writes {@code config} atomically (creating the folder); throws when the folder cannot be written. */
    public void save(RoutingConfig config) throws IOException {
        Path folder = path.getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "." + path.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(config.toJson().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
