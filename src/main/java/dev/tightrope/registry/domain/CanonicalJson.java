package dev.tightrope.registry.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling per JSON value, so that equal content has equal text and therefore an equal hash.
 *
 * <p>Worked example: {@code {"b":1.0,"a":[true,null]}} and {@code { "a": [true, null], "b": 1 }} both give
 * {@code {"a":[true,null],"b":1}}.
 *
 * <p>The rules:
 * <ul>
 *   <li><b>Whitespace</b>: none.</li>
 *   <li><b>Object keys</b>: sorted by UTF-16 code units ({@link String#compareTo}), so {@code "B" < "a" < "é"}.
 *       Array order is kept: it means something.</li>
 *   <li><b>Strings</b>: only what JSON requires is escaped: {@code "} → {@code \"}, {@code \} → {@code \\}, control
 *       characters below U+0020 as {@code \b \f \n \r \t} or <code>&#92;u00XX</code> (lowercase hex). Everything else,
 *       including {@code /}, non-ASCII letters and emoji, is written literally.</li>
 *   <li><b>Numbers</b>, with {@code v} the value as a {@link BigDecimal}:
 *     <ol>
 *       <li>if {@code v} is integral and {@code |v| < 10^21}: the plain integer ({@code 1.00} → {@code 1},
 *           {@code 10E-1} → {@code 1}, {@code 1e20} → {@code 100000000000000000000},
 *           {@code -0.0} → {@code 0});</li>
 *       <li>otherwise {@code v.stripTrailingZeros().toString()}: plain decimal when the exponent is small
 *           ({@code 0.10} → {@code 0.1}, {@code 0.000001} → {@code 0.000001}), scientific with an uppercase
 *           {@code E} and an explicit exponent sign otherwise ({@code 0.00000015} → {@code 1.5E-7},
 *           {@code 1e21} → {@code 1E+21}, {@code 25e30} → {@code 2.5E+31}).</li>
 *     </ol>
 *     The 10^21 cut-off keeps huge exponents ({@code 1e999999999}) from being expanded into a billion digits.
 *     Integer, Long, Short, Byte and BigInteger are converted exactly; Double and Float through their shortest
 *     decimal string ({@code 0.1d} → {@code 0.1}); NaN and infinities are rejected with
 *     {@link IllegalArgumentException}.</li>
 * </ul>
 *
 * <p>Writing is recursive; trees from {@link JsonParser} and {@link ComponentShapes} are at most
 * {@value JsonParser#MAX_DEPTH} deep, and anything deeper than {@value #MAX_WRITE_DEPTH} (say, a map containing
 * itself) is rejected with {@link IllegalArgumentException} instead of overflowing the stack.
 */
public final class CanonicalJson {

    /** Deeper trees are refused by the writers; far above anything the registry accepts. */
    static final int MAX_WRITE_DEPTH = 1_000;

    private static final BigDecimal PLAIN_INTEGER_LIMIT = new BigDecimal("1e21");

    private CanonicalJson() {
    }

    /** The compact canonical text of {@code json}; see the class comment for the rules. */
    public static String canonical(Object json) {
        StringBuilder out = new StringBuilder();
        write(json, out, null, 0);
        return out.toString();
    }

    /**
     * The same value, ordering and numbers as {@link #canonical}, indented by two spaces for people to read:
     * <pre>
     * {
     *   "a": [
     *     true,
     *     null
     *   ],
     *   "b": 1,
     *   "c": {}
     * }
     * </pre>
     * Empty objects and arrays stay on one line; no trailing newline.
     */
    public static String pretty(Object json) {
        StringBuilder out = new StringBuilder();
        write(json, out, "", 0);
        return out.toString();
    }

    /**
     * A deep, unmodifiable copy in canonical form: objects become {@link LinkedHashMap}s iterating in sorted key
     * order, numbers become the {@link BigDecimal} their canonical text parses to. Two values with the same canonical
     * text therefore normalise to {@code equals} trees, which is how content read back from storage is compared.
     * Nulls inside arrays and objects are kept.
     */
    public static Object normalize(Object json) {
        return normalize(json, 0);
    }

    /** The canonical spelling of one number; see rule "Numbers" in the class comment. */
    static String number(Object number) {
        BigDecimal value = JsonValues.toBigDecimal(number);
        if (value.abs().compareTo(PLAIN_INTEGER_LIMIT) < 0 && JsonValues.isIntegral(value)) {
            return value.toBigInteger().toString();
        }
        return value.stripTrailingZeros().toString();
    }

    private static Object normalize(Object json, int depth) {
        checkDepth(depth);
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            sorted(map).forEach((key, value) -> copy.put(key, normalize(value, depth + 1)));
            return Collections.unmodifiableMap(copy);
        }
        if (json instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(normalize(element, depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        if (json == null || json instanceof String || json instanceof Boolean) {
            return json;
        }
        // Parsing the canonical text gives the scale that text implies: 1.0 → 1 (scale 0), 1e21 → 1E+21.
        return new BigDecimal(number(json));
    }

    /**
     * Writes {@code json}; {@code indent} is null for compact output, otherwise the current line's indentation.
     */
    private static void write(Object json, StringBuilder out, String indent, int depth) {
        checkDepth(depth);
        if (json == null) {
            out.append("null");
        } else if (json instanceof String s) {
            writeString(s, out);
        } else if (json instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (json instanceof Map<?, ?> map) {
            writeObject(sorted(map), out, indent, depth);
        } else if (json instanceof List<?> list) {
            writeArray(list, out, indent, depth);
        } else {
            out.append(number(json));
        }
    }

    private static void writeObject(Map<String, ?> map, StringBuilder out, String indent, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent == null ? null : indent + "  ";
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(out, inner);
            writeString(entry.getKey(), out);
            out.append(inner == null ? ":" : ": ");
            write(entry.getValue(), out, inner, depth + 1);
        }
        newline(out, indent);
        out.append('}');
    }

    private static void writeArray(List<?> list, StringBuilder out, String indent, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        String inner = indent == null ? null : indent + "  ";
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newline(out, inner);
            write(list.get(i), out, inner, depth + 1);
        }
        newline(out, indent);
        out.append(']');
    }

    private static void newline(StringBuilder out, String indent) {
        if (indent != null) {
            out.append('\n').append(indent);
        }
    }

    /** Appends {@code s} as a JSON string literal (RFC 8259 escaping; non-ASCII characters as they are). */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The entries of {@code map} sorted by key; non-string keys are a programming error. */
    private static Map<String, ?> sorted(Map<?, ?> map) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + entry.getKey());
            }
            sorted.put(key, entry.getValue());
        }
        return sorted;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_WRITE_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_WRITE_DEPTH + " levels");
        }
    }
}
