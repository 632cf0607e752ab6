package dev.tightrope.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated request (or WebSocket transcript) and what the generator knows about it. A case is plain data made
 * by {@link FuzzCases} from a seeded {@link java.util.Random}: it names credentials symbolically ({@link Auth}) and
 * Slack signatures by their kind ({@link SlackSigning}), so generating it needs no server, no clock and no secrets,
 * and the same seed gives the same cases.
 *
 * @param number       position in the run (with the seed, enough to replay it)
 * @param kind         what was done to the request, e.g. {@code variable:deploy.version=4294967297}
 * @param expect       what the answer must be beyond the invariants every answer must meet
 * @param mutates      whether the request may change data (a mutation, a Slack command): then a refusal is checked
 *                     to have changed nothing
 * @param differential whether the answer must equal the engine's answer to {@link HttpCall#engineBody} or
 *                     {@link SocketCall#engineFrames}
 * @param http         the HTTP request, or null for a WebSocket case
 * @param socket       the WebSocket transcript, or null for an HTTP case
 */
public record FuzzCase(int number, String kind, Expect expect, boolean mutates, Differential differential,
        HttpCall http, SocketCall socket) {

    /** What a case's answer must be, as far as the generator can tell from the input alone. */
    public enum Expect {
        /** Only the invariants every answer meets. */
        ANY,
        /** Nothing runs: an error answer (non-2xx, or GraphQL errors without data), whatever the code. */
        REFUSED,
        /** Nothing runs: GraphQL errors without data, every one VALIDATION (the input breaks the schema). */
        VALIDATION,
        /** HTTP 413 with PAYLOAD_TOO_LARGE, nothing runs. */
        TOO_LARGE,
        /** HTTP 401 with UNAUTHENTICATED, nothing runs. */
        UNAUTHENTICATED
    }

    /** Which pair of paths must answer alike. */
    public enum Differential {
        NONE, ROUTE, CONFIG
    }

    /** The credential a request carries, resolved when it is sent. */
    public enum Auth {
        ADMIN, RUNTIME, VIEWER, NONE, UNKNOWN_TOKEN, MALFORMED, EMPTY_BEARER, BASIC
    }

    /** How a Slack request is signed, resolved when it is sent (timestamps are relative to that moment). */
    public enum SlackSigning {
        VALID, WRONG_SECRET, STALE, FUTURE, MISSING_SIGNATURE, MISSING_TIMESTAMP, NON_NUMERIC_TIMESTAMP,
        HUGE_TIMESTAMP, WRONG_VERSION, OTHER_BODY, GARBAGE
    }

    /**
     * An HTTP request.
     *
     * @param method      GET, POST, …
     * @param path        path and query string
     * @param contentType the Content-Type header, or null for none
     * @param auth        the Authorization header
     * @param body        the body bytes, or null for none
     * @param chunked     send the body chunked (no Content-Length)
     * @param slack       how to sign it for the Slack endpoints, or null
     * @param engineBody  for {@link Differential#ROUTE}: the same request in a form the fast path never takes
     */
    public record HttpCall(String method, String path, String contentType, Auth auth, byte[] body, boolean chunked,
            SlackSigning slack, byte[] engineBody) {

        public static HttpCall graphql(Auth auth, String json) {
            return new HttpCall("POST", "/graphql", "application/json", auth, utf8(json), false, null, null);
        }

        public HttpCall withEngineBody(String json) {
            return new HttpCall(method, path, contentType, auth, body, chunked, slack, utf8(json));
        }

        public String bodyText() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A WebSocket conversation on {@code /graphql} with subprotocol {@code graphql-transport-ws}.
     *
     * @param init         the connection_init frame, or null to send none; {@code $AUTH} in it is replaced by the
     *                     credential of {@code auth} when sent
     * @param auth         the credential for {@code $AUTH}
     * @param frames       the text frames sent after the acknowledgement (or right away when there is no init)
     * @param awaited      ids whose first answer (next, error or complete) the case waits for
     * @param engineFrames for {@link Differential#CONFIG}: the same frames in a form the fast path never takes
     */
    public record SocketCall(String init, Auth auth, List<String> frames, List<String> awaited,
            List<String> engineFrames) {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
