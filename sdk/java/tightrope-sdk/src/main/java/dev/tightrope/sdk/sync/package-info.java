/**
 * Keeping the configuration current: the Server-Sent Events parser, the follower (stream, reconnects with
 * {@code Last-Event-ID}, the polling fallback), acknowledgements and the file cache. Internal to the SDK: not part
 * of its API, and it may change.
 */
package dev.tightrope.sdk.sync;
