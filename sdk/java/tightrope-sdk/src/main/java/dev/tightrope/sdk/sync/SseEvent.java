package dev.tightrope.sdk.sync;

/**
 * One Server-Sent Event: its {@code id} (the last one seen, as a browser keeps it for {@code Last-Event-ID}; null
 * before any), its type ({@code message} when the event named none) and its data (lines joined with LF).
 */
public record SseEvent(String id, String event, String data) {
}
