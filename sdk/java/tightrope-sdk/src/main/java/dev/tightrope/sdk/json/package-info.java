/**
 * A small, strict JSON reader and writer (RFC 8259), so that the SDK needs no dependency: {@link
 * dev.tightrope.sdk.json.Json#parse} for the routing configuration and the server's answers, {@link
 * dev.tightrope.sdk.json.Json#write} for acknowledgements, outcome lines and the file cache.
 */
package dev.tightrope.sdk.json;
