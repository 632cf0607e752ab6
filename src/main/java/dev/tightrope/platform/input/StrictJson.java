package dev.tightrope.platform.input;

import java.io.IOException;
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

/**
 * The one strict JSON reader of every request body (GraphQL over HTTP and WebSocket, NDJSON outcome lines): exactly
 * one JSON value and nothing after it, no comments or other extensions of JSON, and no key twice in one object
 * ({@code {"modelId": "a", "modelId": "b"}} is refused, not silently read as "b"). Numbers with a fraction are read
 * as BigDecimal, so no digit is lost before the {@link InputContract} judges them.
 *
 * <p>A refusal is a VALIDATION error saying where: the line and column, and for a duplicate key which key, in which
 * object (a JSON pointer such as {@code /variables/input/model}).
 */
public final class StrictJson {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern FRAMEWORK_DETAIL = Pattern.compile("\\s*\\(.*?`.*?`.*?\\)|`[^`]*`");
    private static final Pattern ENABLE_FEATURE = Pattern.compile(":?\\s*enable\\s+to allow.*$");
    private static final Pattern NOT_ALLOWED_BY_FEATURE = Pattern.compile(":?\\s*not allowed as per\\s*$");

    private StrictJson() {
    }

    /** The JSON text as maps, lists, strings, numbers (Integer, Long, BigInteger, BigDecimal) and booleans. */
    public static Object read(byte[] json) {
        try {
            return STRICT.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw TightropeException.validation(describe(e));
        } catch (IOException e) {
            throw TightropeException.validation("The request body could not be read as JSON.");
        }
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
        if (message.startsWith("No content to map due to end-of-input")) {
            return "The request body is empty: send one JSON value.";
        }
        int cut = message.indexOf('\n');
        String reason = FRAMEWORK_DETAIL.matcher(cut < 0 ? message : message.substring(0, cut)).replaceAll("")
                .strip();
        // what pointed at a parser feature named in backticks, now removed, is said in words instead
        reason = ENABLE_FEATURE.matcher(reason).replaceAll(" (JSON does not allow it)");
        reason = NOT_ALLOWED_BY_FEATURE.matcher(reason).replaceAll(": only one JSON value may be sent");
        return "The request body is not valid JSON" + where + ": " + reason;
    }
}
