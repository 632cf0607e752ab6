package dev.tightrope.platform.error;

/**
 * The codes every API error carries: in GraphQL as {@code extensions.code}, on REST endpoints as the HTTP status.
 * Clients branch on these, never on messages. This is the whole set; the README's "Errors" table documents it.
 */
public enum ErrorCode {
    /**
     * The input is malformed or breaks a rule, or a traffic command does not fit the deployment's state (advance with
     * no rollout); the message names the field. HTTP 400.
     */
    VALIDATION(400),
    /** The thing the request names does not exist. HTTP 404. */
    NOT_FOUND(404),
    /**
     * The request lost a race, or something it relies on changed or exists already (stale generation, duplicate
     * slug, a change request decided meanwhile). HTTP 409.
     */
    CONFLICT(409),
    /**
     * A release freeze holds the environment: deploy, startRollout, advanceRollout and promote wait until it ends
     * ({@code extensions.frozenUntil}, {@code extensions.reason}), unless an ADMIN passes {@code overrideFreeze}.
     * Rollbacks and pauses are never frozen. Nothing was changed. HTTP 409.
     */
    FROZEN(409),
    /**
     * The environment is protected: a person's deploy, startRollout, advanceRollout or promote there needs a second
     * person's approval; send it with {@code requestChange}. Nothing was changed. HTTP 409.
     */
    APPROVAL_REQUIRED(409),
    /**
     * The version has not been stable long enough in the earlier environment the protected one requires (the
     * message says how long it has been; {@code extensions.requiredSeconds}, {@code extensions.stableSeconds}).
     * Nothing was changed. HTTP 409.
     */
    SOAK_REQUIRED(409),
    /** No or an invalid credential. HTTP 401. */
    UNAUTHENTICATED(401),
    /** The caller's role does not allow the operation. HTTP 403. */
    FORBIDDEN(403),
    /** The request body is larger than the limit (the message says which); nothing was read further. HTTP 413. */
    PAYLOAD_TOO_LARGE(413),
    /** The HTTP method is not one the endpoint takes (GraphQL: POST, or GET for a WebSocket upgrade). HTTP 405. */
    METHOD_NOT_ALLOWED(405),
    /** The request's Content-Type is not one the endpoint reads (GraphQL: application/json). HTTP 415. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /**
     * The server is taking in more than it can right now (outcome intake full); nothing of the request was stored.
     * HTTP 429 with {@code Retry-After}; {@code extensions.retryAfterSeconds} says when to retry.
     */
    OVERLOADED(429),
    /** A dependency (the database) cannot be reached; nothing was changed, retrying later is safe. HTTP 503. */
    UNAVAILABLE(503),
    /**
     * A bug on our side, never the client's input; the message is generic and carries an error id
     * ({@code extensions.errorId}) that is also in the server log with the details, so it can be reported. HTTP 500.
     */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status REST endpoints answer with for this code. */
    public int httpStatus() {
        return httpStatus;
    }
}
