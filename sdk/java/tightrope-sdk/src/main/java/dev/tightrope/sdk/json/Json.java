package dev.tightrope.sdk.json;

import java.util.Map;

/**
 * JSON text to Java values and back, strictly (RFC 8259), with nothing guessed.
 *
 * <table>
 *   <caption>How JSON values are represented</caption>
 *   <tr><th>JSON</th><th>Java</th></tr>
 *   <tr><td>object</td><td>an unmodifiable {@code Map<String, Object>} in the text's order; a key twice is an
 *       error</td></tr>
 *   <tr><td>array</td><td>an unmodifiable {@code List<Object>} (it may hold {@code null})</td></tr>
 *   <tr><td>string</td><td>{@code String}</td></tr>
 *   <tr><td>number without fraction or exponent</td><td>{@code Long}, or {@code BigInteger} beyond the range of
 *       {@code long}: {@code 3} is a whole number, never a double</td></tr>
 *   <tr><td>number with a fraction or an exponent</td><td>{@code Double}; {@code 3.0} stays a {@code Double},
 *       and a number too large for a double ({@code 1e400}) is an error, not infinity</td></tr>
 *   <tr><td>{@code true}, {@code false}, {@code null}</td><td>{@code Boolean}, {@code null}</td></tr>
 * </table>
 *
 * <p>{@link #write} takes the same types (any {@link Map} with {@code String} keys, any {@link Iterable}, and
 * {@code Integer}, {@code Short}, {@code Byte}, {@code Float} and {@code BigDecimal} too) and refuses anything
 * else, and NaN and infinities, with a {@link JsonException}: nothing is written as its {@code toString()} by
 * accident.
 */
public final class Json {

    /** Deeper nesting is refused: no configuration needs it, and it keeps the recursive reader off the stack's end. */
    public static final int MAX_DEPTH = 256;

    private Json() {
    }

    /**
     * The value of a JSON text (one value, surrounded by optional whitespace).
     *
     * @throws JsonException naming what is wrong and where
     */
    public static Object parse(String text) {
        return new JsonParser(text).parseDocument();
    }

    /**
     * The object of a JSON text that must be an object.
     *
     * @throws JsonException if it is not JSON, or not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object, found " + describe(value), 0);
        }
        return (Map<String, Object>) value;
    }

    /**
     * The compact JSON text of {@code value} (no whitespace between tokens).
     *
     * @throws JsonException for a value of a type JSON has no form for, a non-string key, NaN or an infinity
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        JsonWriter.write(value, out, 0);
        return out.toString();
    }

    /** A short description of a parsed value's JSON type, for error messages: "a string", "null", "a number 3". */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof Iterable) {
            return "an array";
        }
        if (value instanceof String) {
            String text = (String) value;
            return "a string (\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\")";
        }
        if (value instanceof Number) {
            return "a number (" + value + ")";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
