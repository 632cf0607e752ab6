package dev.tightrope.registry.domain;

import dev.tightrope.platform.error.TightropeException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser producing plain Java values: object → {@link LinkedHashMap} (input order kept),
 * array → {@link ArrayList}, string → {@link String}, number → {@link BigDecimal}, {@code true}/{@code false} →
 * {@link Boolean}, {@code null} → {@code null}.
 *
 * <p>Stricter than most parsers on purpose, because content hashes are computed from what it returns and a
 * lenient reading would let two people mean different things by the same text. Rejected, each with a
 * {@link TightropeException#validation VALIDATION} error naming the character offset and what was expected:
 * <ul>
 *   <li>anything but whitespace after the value ({@code {} x});</li>
 *   <li>a key repeated in one object ({@code {"a":1,"a":2}});</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH} arrays/objects;</li>
 *   <li>unknown escapes ({@code "\x"}), unescaped control characters in strings;</li>
 *   <li>{@code NaN}, {@code Infinity}, leading zeros ({@code 01}), {@code +1}, {@code .5}, {@code 1.}.</li>
 * </ul>
 * Lone UTF-16 surrogates written as <code>&#92;ud800</code> are passed through as they are.
 *
 * <p>The parser is iterative: open arrays and objects live on an explicit stack, so hostile input cannot overflow
 * the thread stack. Error example: {@code [1,2} fails with
 * {@code Invalid JSON at offset 4: expected ',' or ']' but found the end of input}.
 */
public final class JsonParser {

    /** Deepest nesting of arrays and objects accepted; {@code [[1]]} has depth 2. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private JsonParser(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON text.
     *
     * @throws TightropeException with code VALIDATION when the text is not valid JSON
     */
    public static Object parse(String text) {
        if (text == null) {
            throw TightropeException.validation("Invalid JSON: no text given");
        }
        JsonParser parser = new JsonParser(text);
        Object value = parser.parseValue();
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error("expected the end of input");
        }
        return value;
    }

    /** An open array or object; {@code key} is the key whose value is being parsed. */
    private static final class Frame {
        final Map<String, Object> object;
        final List<Object> array;
        String key;

        Frame(Map<String, Object> object, List<Object> array) {
            this.object = object;
            this.array = array;
        }

        Object container() {
            return object != null ? object : array;
        }
    }

    /**
     * Reads one value. The outer loop reads a scalar or opens a container; the inner loop attaches a finished value
     * to its parent and closes every container that ends right after it.
     */
    private Object parseValue() {
        Deque<Frame> stack = new ArrayDeque<>();
        while (true) {
            skipWhitespace();
            Object value;
            char c = peek();
            if (c == '{' || c == '[') {
                if (stack.size() == MAX_DEPTH) {
                    throw error("expected a value nested at most " + MAX_DEPTH + " levels deep");
                }
                pos++;
                skipWhitespace();
                boolean isObject = c == '{';
                char close = isObject ? '}' : ']';
                if (at(close)) {
                    pos++;
                    value = isObject ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                } else {
                    Frame frame = isObject
                            ? new Frame(new LinkedHashMap<>(), null)
                            : new Frame(null, new ArrayList<>());
                    stack.push(frame);
                    if (isObject) {
                        frame.key = readKey(frame.object, "a string key or '}'");
                    }
                    continue;
                }
            } else {
                value = readScalar();
            }
            while (true) {
                Frame top = stack.peek();
                if (top == null) {
                    return value;
                }
                if (top.object != null) {
                    top.object.put(top.key, value);
                } else {
                    top.array.add(value);
                }
                skipWhitespace();
                char close = top.object != null ? '}' : ']';
                if (at(',')) {
                    pos++;
                    if (top.object != null) {
                        top.key = readKey(top.object, "a string key");
                    }
                    break;
                }
                if (at(close)) {
                    pos++;
                    stack.pop();
                    value = top.container();
                    continue;
                }
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    /** Reads {@code "key":}, rejecting a key already present in {@code object}. */
    private String readKey(Map<String, Object> object, String expected) {
        skipWhitespace();
        if (!at('"')) {
            throw error("expected " + expected);
        }
        int keyStart = pos;
        String key = readString();
        if (object.containsKey(key)) {
            pos = keyStart;
            throw TightropeException.validation("Invalid JSON at offset " + pos + ": duplicate key \"" + key
                    + "\" (expected each key at most once per object)");
        }
        skipWhitespace();
        if (!at(':')) {
            throw error("expected ':'");
        }
        pos++;
        return key;
    }

    private Object readScalar() {
        char c = peek();
        return switch (c) {
            case '"' -> readString();
            case 't' -> readLiteral("true", Boolean.TRUE);
            case 'f' -> readLiteral("false", Boolean.FALSE);
            case 'n' -> readLiteral("null", null);
            case 'N', 'I' -> throw error("expected a value (NaN and Infinity are not JSON numbers)");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield readNumber();
                }
                throw error("expected a value");
            }
        };
    }

    private Object readLiteral(String literal, Object value) {
        if (!text.startsWith(literal, pos)) {
            throw error("expected '" + literal + "'");
        }
        pos += literal.length();
        return value;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, checked character by character. */
    private BigDecimal readNumber() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
            if (at('I')) {
                throw error("expected a digit (Infinity is not a JSON number)");
            }
        }
        if (at('0')) {
            pos++;
            if (isDigit()) {
                throw error("expected '.', 'e' or the end of the number (leading zeros are not allowed)");
            }
        } else {
            requireDigits("a digit");
        }
        if (at('.')) {
            pos++;
            requireDigits("a digit after '.'");
        }
        if (at('e') || at('E')) {
            pos++;
            if (at('+') || at('-')) {
                pos++;
            }
            requireDigits("a digit in the exponent");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            // Only an exponent beyond ±2^31 gets here; the grammar is already checked.
            pos = start;
            throw error("expected a number with an exponent within ±2147483647");
        }
    }

    private void requireDigits(String expected) {
        if (!isDigit()) {
            throw error("expected " + expected);
        }
        while (isDigit()) {
            pos++;
        }
    }

    private boolean isDigit() {
        return peek() >= '0' && peek() <= '9';
    }

    /** Reads a string starting at the opening quote; leaves {@code pos} after the closing quote. */
    private String readString() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("expected '\"' to close the string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("expected an escape sequence instead of a raw control character");
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            pos++;
            char escape = peek();
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append(readHex4());
                    continue;
                }
                default -> throw error("expected an escape character (\" \\ / b f n r t u)");
            }
            pos++;
        }
    }

    /** Reads the four hex digits after <code>&#92;u</code>; {@code pos} is on the {@code u}. */
    private char readHex4() {
        pos++;
        int value = 0;
        for (int i = 0; i < 4; i++) {
            char c = peek();
            // Not Character.digit: it would also accept non-ASCII digits such as U+FF10.
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw error("expected 4 hex digits after \\u");
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    /** The current character, or 0 at the end of input (0 is never valid where a token is expected). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private boolean at(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipWhitespace() {
        while (at(' ') || at('\t') || at('\n') || at('\r')) {
            pos++;
        }
    }

    private TightropeException error(String expected) {
        return TightropeException.validation(
                "Invalid JSON at offset " + pos + ": " + expected + " but found " + describeCurrent());
    }

    private String describeCurrent() {
        if (pos >= text.length()) {
            return "the end of input";
        }
        char c = text.charAt(pos);
        if (c < 0x20 || c == 0x7f) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
