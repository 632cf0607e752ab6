package dev.tightrope.registry.domain;

import dev.tightrope.platform.error.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Collects every {@link Violation} found while checking a JSON tree against a shape, instead of stopping at the
 * first, so a person fixes all their mistakes in one round.
 *
 * <p>Each accessor returns the value when it has the expected type and {@code null} after recording a violation,
 * so callers check nested fields only where the parent was usable. Field accessors take the parent object, the
 * parent's path and the field name; a missing required field is "is required", a field present with the wrong type
 * (including {@code null}) is "expected a string but got null". Fields not asked about are never looked at: unknown
 * extra fields are allowed.
 */
final class JsonShapeChecker {

    private final List<Violation> violations = new ArrayList<>();

    /** Everything recorded so far, in the order found. */
    List<Violation> violations() {
        return List.copyOf(violations);
    }

    void fail(String path, String message) {
        violations.add(new Violation(path, message));
    }

    static String child(String path, String name) {
        return path + "." + name;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    // ---- values -------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String path, Object value) {
        return value instanceof Map ? (Map<String, Object>) value : wrongType(path, "an object", value);
    }

    @SuppressWarnings("unchecked")
    List<Object> array(String path, Object value) {
        return value instanceof List ? (List<Object>) value : wrongType(path, "an array", value);
    }

    String string(String path, Object value) {
        return value instanceof String s ? s : wrongType(path, "a string", value);
    }

    /** A string that is not empty or only whitespace. */
    String text(String path, Object value) {
        String s = string(path, value);
        if (s != null && s.isBlank()) {
            fail(path, "must not be blank");
            return null;
        }
        return s;
    }

    BigDecimal number(String path, Object value) {
        return JsonValues.isNumber(value) ? JsonValues.toBigDecimal(value) : wrongType(path, "a number", value);
    }

    /** A number in {@code [min, max]}; the message names both bounds: "must be between 0 and 2". */
    BigDecimal numberBetween(String path, Object value, String min, String max) {
        BigDecimal n = number(path, value);
        if (n != null && (n.compareTo(new BigDecimal(min)) < 0 || n.compareTo(new BigDecimal(max)) > 0)) {
            fail(path, "must be between " + min + " and " + max);
            return null;
        }
        return n;
    }

    /** An integral number ({@code 3}, {@code 3.0}, {@code 3e2}) in {@code [min, max]}. */
    BigInteger integer(String path, Object value, long min, long max) {
        BigDecimal n = JsonValues.isNumber(value) ? JsonValues.toBigDecimal(value) : null;
        if (n == null || !JsonValues.isIntegral(n)) {
            return wrongType(path, "an integer", value);
        }
        if (n.compareTo(BigDecimal.valueOf(min)) < 0) {
            fail(path, "must be at least " + min);
            return null;
        }
        if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
            fail(path, "must be at most " + max);
            return null;
        }
        return n.toBigIntegerExact();
    }

    /** An array whose elements are all strings; each bad element is reported at its index. */
    List<Object> stringArray(String path, Object value) {
        List<Object> list = array(path, value);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                string(index(path, i), list.get(i));
            }
        }
        return list;
    }

    /** Runs {@code body} with the path and value of every element of {@code list} that is an object. */
    void eachObject(String path, List<Object> list, BiConsumer<String, Map<String, Object>> body) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> element = object(index(path, i), list.get(i));
            if (element != null) {
                body.accept(index(path, i), element);
            }
        }
    }

    // ---- fields -------------------------------------------------------------------------------------------------

    /**
     * Checks a required field with {@code check} (one of the value methods above, given the field's path), or
     * records "is required" when it is absent. Example: {@code required(model, "model", "modelId", this::text)}.
     */
    <T> T required(Map<String, Object> parent, String path, String name, BiFunction<String, Object, T> check) {
        if (!parent.containsKey(name)) {
            fail(child(path, name), "is required");
            return null;
        }
        return check.apply(child(path, name), parent.get(name));
    }

    /** Checks an optional field with {@code check} when present (a present {@code null} is a type error). */
    <T> T optional(Map<String, Object> parent, String path, String name, BiFunction<String, Object, T> check) {
        return parent.containsKey(name) ? check.apply(child(path, name), parent.get(name)) : null;
    }

    private <T> T wrongType(String path, String expected, Object actual) {
        fail(path, "expected " + expected + " but got " + JsonValues.typeName(actual));
        return null;
    }
}
