package dev.tightrope.platform.graphql;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.input.InputContract;

/**
 * One GraphQL request as every transport accepts it: {@code {"query": "...", "variables": {...}, "operationName":
 * "...", "extensions": {...}}}, the body of {@code POST /graphql} or the payload of a WebSocket {@code subscribe}.
 *
 * <p>The request contract, the same on every path (the engine's and the fast paths'), is checked here before anything
 * else sees the request:
 * <ul>
 * <li>the body is one JSON object and nothing after it (a JSON array, a batch, is refused: one operation per
 * request), without comments or other extensions of JSON, and no object in it has a key twice ({@code {"modelId": "a", "modelId": "b"}} is refused, not silently read as "b");</li>
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

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern FRAMEWORK_DETAIL = Pattern.compile("\\s*\\(.*?`.*?`.*?\\)|`[^`]*`");

    /** Reads a JSON text strictly into maps, lists, strings, numbers and booleans (duplicate keys refused). */
    public static Object readJson(byte[] json) {
        try {
            return STRICT.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw TightropeException.validation(describe(e));
        } catch (IOException e) {
            throw TightropeException.validation("The request body could not be read as JSON.");
        }
    }

    /** The request in a JSON body; see the class comment for what is refused. */
    public static GraphQLRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw TightropeException.validation("The request body is empty: send {\"query\": \"...\", "
                    + "\"variables\": {...}}.");
        }
        return of(readJson(body));
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

    private static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            String path = e.getProcessor() instanceof JsonParser parser
                    ? parser.getParsingContext().pathAsPointer().toString() : "";
            String key = message.replaceFirst("^Duplicate field '(.*)'$", "$1");
            return "The key '" + key + "' appears twice in one JSON object" + (path.isEmpty() ? "" : " (at " + path
                    + ")") + where + "; keys must be unique, so it is not clear which value is meant.";
        }
        if (e instanceof StreamConstraintsException) {
            return "The request body is beyond the JSON parser's limits" + where + ": "
                    + FRAMEWORK_DETAIL.matcher(message).replaceAll("").strip() + ".";
        }
        int cut = message.indexOf('\n');
        String reason = FRAMEWORK_DETAIL.matcher(cut < 0 ? message : message.substring(0, cut)).replaceAll("")
                .strip();
        return "The request body is not valid JSON" + where + ": " + reason;
    }
}
