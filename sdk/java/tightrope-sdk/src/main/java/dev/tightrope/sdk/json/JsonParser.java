package dev.tightrope.sdk.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recursive-descent reader of one JSON text (RFC 8259), strict: no comments, no trailing commas, no single
 * quotes, no leading zeros, no unescaped control characters in strings, no key twice in an object, nothing after
 * the value but whitespace. See {@link Json} for the Java types it builds.
 */
final class JsonParser {

    private final String text;
    private int position;
    private int depth;

    JsonParser(String text) {
        if (text == null) {
            throw new JsonException("no JSON text (null)", 0);
        }
        this.text = text;
    }

    Object parseDocument() {
        skipWhitespace();
        Object value = parseValue();
        skipWhitespace();
        if (position < text.length()) {
            throw error("unexpected " + quoteCharAt(position) + " after the JSON value");
        }
        return value;
    }

    private Object parseValue() {
        if (position >= text.length()) {
            throw error("unexpected end of the JSON text, expected a value");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return parseObject();
            case '[':
                return parseArray();
            case '"':
                return parseString();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return parseNumber();
                }
                throw error("unexpected " + quoteCharAt(position) + ", expected a JSON value");
        }
    }

    private Map<String, Object> parseObject() {
        enter();
        position++; // {
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            position++;
            depth--;
            return Collections.unmodifiableMap(object);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key in the object, found " + quoteCharAt(position));
            }
            int keyAt = position;
            String key = parseString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = parseValue();
            if (object.containsKey(key)) {
                position = keyAt;
                throw error("the key \"" + key + "\" appears twice in one object");
            }
            object.put(key, value);
            skipWhitespace();
            char next = peek();
            if (next == ',') {
                position++;
            } else if (next == '}') {
                position++;
                depth--;
                return Collections.unmodifiableMap(object);
            } else {
                throw error("expected ',' or '}' in the object, found " + quoteCharAt(position));
            }
        }
    }

    private List<Object> parseArray() {
        enter();
        position++; // [
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            depth--;
            return Collections.unmodifiableList(array);
        }
        while (true) {
            skipWhitespace();
            array.add(parseValue());
            skipWhitespace();
            char next = peek();
            if (next == ',') {
                position++;
            } else if (next == ']') {
                position++;
                depth--;
                return Collections.unmodifiableList(array);
            } else {
                throw error("expected ',' or ']' in the array, found " + quoteCharAt(position));
            }
        }
    }

    private String parseString() {
        position++; // "
        StringBuilder out = null;
        int runStart = position;
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(position);
            if (c == '"') {
                String value = out == null ? text.substring(runStart, position)
                        : out.append(text, runStart, position).toString();
                position++;
                return value;
            }
            if (c < 0x20) {
                throw error(String.format("control character U+%04X in a string: write it as an escape", (int) c));
            }
            if (c != '\\') {
                position++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(position - runStart + 16);
            }
            out.append(text, runStart, position);
            position++;
            if (position >= text.length()) {
                throw error("unterminated escape in a string");
            }
            char escape = text.charAt(position);
            switch (escape) {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case '/': out.append('/'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u': out.append(hexChar()); break;
                default:
                    throw error("unknown escape \\" + escape + " in a string");
            }
            position++;
            runStart = position;
        }
    }

    /** The four hex digits after {@code \\u}; leaves the position on the last digit. A lone surrogate is kept. */
    private char hexChar() {
        if (position + 4 >= text.length()) {
            throw error("a \\u escape needs four hex digits");
        }
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int digit = Character.digit(text.charAt(position + i), 16);
            if (digit < 0) {
                position += i;
                throw error("a \\u escape needs four hex digits, found " + quoteCharAt(position));
            }
            value = value * 16 + digit;
        }
        position += 4;
        return (char) value;
    }

    /**
     * A number by the JSON grammar {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}: without fraction
     * and exponent a {@code Long} (a {@code BigInteger} beyond its range), else a finite {@code Double}.
     */
    private Object parseNumber() {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        if (peek() == '0') {
            position++;
            if (isDigit(peek())) {
                throw error("a number must not have a leading zero");
            }
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("expected a digit in the number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            position++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            skipDigits();
        }
        String literal = text.substring(start, position);
        if (integral) {
            if (literal.length() <= 18) {
                return Long.parseLong(literal); // at most 18 digits: always fits
            }
            BigInteger big = new BigInteger(literal);
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
        }
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            position = start;
            throw error("the number " + literal + " is too large for a double");
        }
        return value;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, position)) {
            throw error("unexpected " + quoteCharAt(position) + ", expected a JSON value");
        }
        position += word.length();
        return value;
    }

    private void enter() {
        if (++depth > Json.MAX_DEPTH) {
            throw error("JSON nested deeper than " + Json.MAX_DEPTH + " levels");
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "', found " + quoteCharAt(position));
        }
        position++;
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            position++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private String quoteCharAt(int at) {
        if (at >= text.length()) {
            return "end of text";
        }
        char c = text.charAt(at);
        return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private JsonException error(String message) {
        return new JsonException(message, position);
    }
}
