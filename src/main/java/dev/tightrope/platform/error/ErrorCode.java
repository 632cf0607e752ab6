package dev.tightrope.platform.error;

/**
 * The codes every API error carries: in GraphQL as {@code extensions.code}, on REST endpoints as the HTTP status.
 * Clients branch on these, never on messages.
 */
public enum ErrorCode {
    /** The input is malformed or breaks a rule; the message names the field. HTTP 400. */
    VALIDATION(400),
    /** The thing the request names does not exist. HTTP 404. */
    NOT_FOUND(404),
    /** The request lost a race or contradicts the current state (stale generation, duplicate slug). HTTP 409. */
    CONFLICT(409),
    /** No or an invalid credential. HTTP 401. */
    UNAUTHENTICATED(401),
    /** The caller's role does not allow the operation. HTTP 403. */
    FORBIDDEN(403),
    /** A dependency (the database) cannot be reached; nothing was changed, retrying later is safe. HTTP 503. */
    UNAVAILABLE(503),
    /** A bug on our side; the message is generic and the details are in the server log. HTTP 500. */
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
