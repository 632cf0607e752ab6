/**
 * The runtime API over HTTP with the JDK's {@link java.net.http.HttpClient} (docs/runtime-api.md): the
 * configuration with its ETag, its Server-Sent Events stream, acknowledgements and outcome batches. Internal to the
 * SDK: not part of its API, and it may change.
 */
package dev.tightrope.sdk.http;
