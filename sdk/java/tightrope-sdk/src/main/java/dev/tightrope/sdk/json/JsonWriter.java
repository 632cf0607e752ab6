package dev.tightrope.sdk.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Writes Java values as compact JSON; see {@link Json#write} for the types it takes. */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {
    }

    static void write(Object value, StringBuilder out, int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw new JsonException("a value nested deeper than " + Json.MAX_DEPTH + " levels (a cycle?)", -1);
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (value instanceof Number) {
            writeNumber((Number) value, out);
        } else if (value instanceof Map) {
            writeObject((Map<?, ?>) value, out, depth);
        } else if (value instanceof Iterable) {
            out.append('[');
            boolean first = true;
            for (Object element : (Iterable<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(element, out, depth + 1);
            }
            out.append(']');
        } else {
            throw new JsonException("cannot write a " + value.getClass().getName() + " as JSON", -1);
        }
    }

    private static void writeObject(Map<?, ?> object, StringBuilder out, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new JsonException("a JSON object's keys are strings, not " + entry.getKey(), -1);
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString((String) entry.getKey(), out);
            out.append(':');
            write(entry.getValue(), out, depth + 1);
        }
        out.append('}');
    }

    private static void writeNumber(Number number, StringBuilder out) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger) {
            out.append(number.toString());
        } else if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new JsonException("JSON has no " + number + ": give a finite number", -1);
            }
            // Double.toString is exact: parsing it back gives the same double ("0.1", "1.0E-4", "1.0E21")
            out.append(number instanceof Float ? Float.toString(number.floatValue()) : Double.toString(value));
        } else if (number instanceof BigDecimal) {
            out.append(number.toString()); // "1E+3" is valid JSON
        } else {
            throw new JsonException("cannot write a " + number.getClass().getName() + " as a JSON number", -1);
        }
    }

    /**
     * A string in quotes, with {@code "}, {@code \}, the control characters and lone surrogates escaped (a lone
     * surrogate has no UTF-8 form; as {@code \\uD800} it survives the trip to the server and back).
     */
    static void writeString(String text, StringBuilder out) {
        out.append('"');
        int runStart = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            String escape = null;
            if (c == '"') {
                escape = "\\\"";
            } else if (c == '\\') {
                escape = "\\\\";
            } else if (c < 0x20) {
                escape = controlEscape(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: written as it is
                continue;
            } else if (Character.isSurrogate(c)) {
                escape = unicodeEscape(c); // lone: the low half of a pair never gets here
            }
            if (escape != null) {
                out.append(text, runStart, i).append(escape);
                runStart = i + 1;
            }
        }
        out.append(text, runStart, length).append('"');
    }

    private static String controlEscape(char c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\b': return "\\b";
            case '\f': return "\\f";
            default: return unicodeEscape(c);
        }
    }

    private static String unicodeEscape(char c) {
        return new String(new char[] {'\\', 'u', HEX[(c >> 12) & 0xF], HEX[(c >> 8) & 0xF], HEX[(c >> 4) & 0xF],
            HEX[c & 0xF]});
    }
}
