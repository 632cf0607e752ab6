package dev.tightrope.platform.graphql.socket;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;

/**
 * Answers some GraphQL subscriptions over WebSocket without the engine, when it can do so exactly as the engine
 * would (a CDI bean; {@link GraphQLSocketEndpoint} asks every one of them for each {@code subscribe} message).
 *
 * <p>Why: a subscription the engine serves runs a whole GraphQL execution, and writes its own JSON, for every item
 * and every subscriber. When a thousand runtimes watch one deployment's configuration, they all receive the same
 * data, so a fast path can render it once per item and write the same text to every socket.
 */
public interface SubscriptionFastPath {

    /**
     * Starts the subscription described by {@code payload} (the {@code subscribe} message's payload: query,
     * variables, operationName, extensions) if this path answers it; returns {@code null} to leave it to the engine,
     * which then answers as usual, errors and refusals included. Called on the socket's event loop, after the
     * connection was acknowledged.
     *
     * @param identity the identity the socket's {@code connection_init} established (may be anonymous)
     * @param sink     where the subscription's results go
     * @return what stops the subscription (the client completed it, or the socket closed), or null
     */
    Cancellable start(SecurityIdentity identity, JsonObject payload, Sink sink);

    /** Where a fast subscription writes its results. */
    interface Sink {

        /**
         * Sends one result: {@code result} is the JSON text of a GraphQL execution result, {@code {"data":{...}}}.
         * Ignored once the subscription was cancelled.
         */
        void next(String result);

        /** Ends the subscription with an internal error (its cause is logged, not sent). */
        void fail(Throwable cause);

        /** Ends the subscription normally (a {@code complete} message). */
        void complete();
    }
}
