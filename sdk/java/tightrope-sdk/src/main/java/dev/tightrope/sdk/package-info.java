/**
 * The Tightrope runtime SDK for Java: {@link dev.tightrope.sdk.Tightrope} routes an agent's requests locally with
 * the server's bucketing, keeps the configuration current in the background, serves fail-static while the server
 * is away, and reports outcomes in batches. Java 17, no dependency.
 *
 * <pre>{@code
 * Tightrope tightrope = Tightrope.builder().url("http://localhost:8080").token("tr_…").agent("support-bot").connect();
 * Decision decision = tightrope.route("customer-42");
 * }</pre>
 */
package dev.tightrope.sdk;
