package dev.tightrope.sdk;

/** A listener added to a {@link Tightrope}; {@link #close()} removes it. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    @Override
    void close();
}
