package dev.tightrope.sdk;

/** How the configuration is being kept current. */
public enum SyncMode {
    /** Following the Server-Sent Events stream (the normal case). */
    STREAM,
    /** Polling {@code GET …/config} with {@code If-None-Match}, after the stream failed repeatedly. */
    POLL
}
