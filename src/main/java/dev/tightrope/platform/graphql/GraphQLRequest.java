package dev.tightrope.platform.graphql;

import java.util.List;
import java.util.Map;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.platform.input.StrictJson;

/**
 * One GraphQL request as every transport accepts it: {@code {"query": "...", "variables": {...}, "operationName":
 * "...", "extensions": {...}}}, the body of {@code POST /graphql} or the payload of a WebSocket {@code subscribe}.
 *
 * <p>The request contract, the same on every path (the engine's and the fast paths'), is checked here before anything
 * else sees the request:
 * <ul>
 * <li>the body is one JSON object, read by {@link StrictJson} (nothing after it, no comments, no key twice in one
 * object); a JSON array, a batch, is refused: one operation per request ({@code {"modelId": "a", "modelId": "b"}} is refused, not silently read as "b");</li>
 * <li>{@code query} is a non-blank string; {@code variables} and {@code extensions} are objects or absent (null);
 * {@code operationName} is a string or absent; other keys are ignored;</li>
 * <li>every string in {@code variables} and {@code operationName} follows the {@link InputContract} String rule (no
 * NUL, no unpaired surrogate: {@link #valueProblem}); the document's own string literals are checked when it is
 * parsed ({@link RequestChecks}).</li>
 * </ul>
 * A refusal is a VALIDATION {@link TightropeException} whose message says what to change.
 *
 * @param variables the decoded variables (strings, numbers as Integer/Long/BigInteger/BigDecimal, booleans, lists,
 *                  maps), or null when absent
 */
public record GraphQLRequest(String query, Map<String, Object> variables, String operationName,
        Map<String, Object> extensions) {

    /** Where {@link DocumentGuard} leaves the checked request of an HTTP call, for the routes after it. */
    public static final String CONTEXT_KEY = "tightrope.graphql.request";

    /** The request in a JSON body; see the class comment for what is refused. */
    public static GraphQLRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw TightropeException.validation("The request body is empty: send {\"query\": \"...\", "
                    + "\"variables\": {...}}.");
        }
        return of(StrictJson.read(body));
    }

    /** The request in a decoded JSON value (a body, or a WebSocket message's payload). */
    @SuppressWarnings("unchecked")
    public static GraphQLRequest of(Object json) {
        if (json instanceof List<?>) {
            throw TightropeException.validation("Batched requests (a JSON array) are not supported: send one "
                    + "operation per request, as a JSON object {\"query\": \"...\", \"variables\": {...}}.");
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw TightropeException.validation("The request must be a JSON object {\"query\": \"...\", "
                    + "\"variables\": {...}}, not " + InputContract.describe(json) + ".");
        }
        Object query = map.get("query");
        if (!(query instanceof String document) || document.isBlank()) {
            throw TightropeException.validation("The request has no 'query' string: send {\"query\": \"...\", "
                    + "\"variables\": {...}}" + (query == null ? "." : ", not " + InputContract.describe(query) + "."));
        }
        Object variables = map.get("variables");
        if (variables != null && !(variables instanceof Map<?, ?>)) {
            throw TightropeException.validation("'variables' must be a JSON object of variable values (or absent), "
                    + "not " + InputContract.describe(variables) + ".");
        }
        Object operationName = map.get("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            throw TightropeException.validation("'operationName' must be a string naming an operation of the "
                    + "document (or absent), not " + InputContract.describe(operationName) + ".");
        }
        Object extensions = map.get("extensions");
        if (extensions != null && !(extensions instanceof Map<?, ?>)) {
            throw TightropeException.validation("'extensions' must be a JSON object (or absent), not "
                    + InputContract.describe(extensions) + ".");
        }
        return new GraphQLRequest(document, (Map<String, Object>) variables, (String) operationName,
                (Map<String, Object>) extensions);
    }

    /**
     * What is wrong with the request's values, or null: the {@link InputContract} String rule on every string of
     * {@code variables} and on {@code operationName}. Unlike the request's shape (checked by {@link #of}), a value
     * is refused the way the engine refuses an invalid value: HTTP 200 with a VALIDATION error.
     */
    public String valueProblem() {
        String problem = InputContract.treeStringProblem(variables, "variables");
        if (problem == null && operationName != null) {
            problem = InputContract.treeStringProblem(operationName, "operationName");
        }
        return problem == null ? null : "Invalid value: " + problem + ".";
    }
}
