package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON exactly as a fuzz case wants it, including what ordinary JSON libraries refuse to write: numbers as
 * given ({@code 1e400}, {@code -0}, {@code 99999999999}), objects with the same key twice, strings with NUL and lone
 * surrogates. Every non-ASCII control character and every surrogate is written as a {@code \}{@code uXXXX} escape,
 * so the text stays valid UTF-8 and a reproduction can be pasted into a shell.
 *
 * <p>Values are {@code null}, {@link Boolean}, {@link Num}, {@link Integer}/{@link Long}, {@link String},
 * {@link List}, {@link Map} (keys in order) and {@link Obj} (entries in order, duplicates allowed).
 */
public final class JsonText {

    private JsonText() {
    }

    /** A number written as this exact text. */
    public record Num(String text) {
    }

    /** An object whose entries are written in order, the same key possibly more than once. */
    public record Obj(List<Map.Entry<String, Object>> entries) {

        public static Obj of(Object... keysAndValues) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>((String) keysAndValues[i],
                        keysAndValues[i + 1]));
            }
            return new Obj(List.copyOf(entries));
        }

        /** Whether some key occurs twice in this object or any object below it. */
        public boolean hasDuplicateKeys() {
            return JsonText.hasDuplicateKeys(this);
        }
    }

    /** An ordered map, for building objects step by step. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** Whether the value holds an object with a repeated key at any depth. */
    public static boolean hasDuplicateKeys(Object value) {
        if (value instanceof Obj obj) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (Map.Entry<String, Object> entry : obj.entries()) {
                if (!keys.add(entry.getKey()) || hasDuplicateKeys(entry.getValue())) {
                    return true;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(JsonText::hasDuplicateKeys);
        } else if (value instanceof List<?> list) {
            return list.stream().anyMatch(JsonText::hasDuplicateKeys);
        }
        return false;
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Num number) {
            out.append(number.text());
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>((String) k, v)));
            members(entries, out);
        } else if (value instanceof Obj obj) {
            members(obj.entries(), out);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void members(List<Map.Entry<String, Object>> entries, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : entries) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(entry.getKey(), out);
            out.append(':');
            write(entry.getValue(), out);
        }
        out.append('}');
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\'') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
