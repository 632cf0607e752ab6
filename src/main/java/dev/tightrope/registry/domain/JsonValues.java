package dev.tightrope.registry.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Small facts about values of the plain-Java JSON model (see {@link JsonParser}) shared by canonicalisation and
 * shape checking: what a value is called in messages, how Java numbers become {@link BigDecimal}, and whether a
 * tree is safe to walk recursively.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** How a value is named in messages: "an object", "an array", "a string", "a number", "a boolean", "null". */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (isNumber(value)) {
            return "a number";
        }
        return "an unsupported " + value.getClass().getSimpleName();
    }

    /** True for the accepted number types: BigDecimal, BigInteger, Integer, Long, Short, Byte, Double, Float. */
    static boolean isNumber(Object value) {
        return value instanceof BigDecimal || value instanceof BigInteger || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float;
    }

    /**
     * The value as a BigDecimal. Doubles and floats go through their shortest decimal string ({@code 0.1} stays
     * {@code 0.1}, not {@code 0.1000000000000000055511151231257827…}), which is what the person who typed them meant.
     *
     * @throws IllegalArgumentException for NaN, infinities and non-numbers
     */
    static BigDecimal toBigDecimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no representation for " + value);
            }
            return new BigDecimal(value.toString());
        }
        throw new IllegalArgumentException("not a JSON number: " + typeName(value));
    }

    /** True when the number has no fractional part ({@code 3}, {@code 3.00}, {@code 3e2}). */
    static boolean isIntegral(BigDecimal value) {
        return value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0;
    }

    /**
     * The first reason the tree cannot be canonicalised, or {@code null} when it can: nesting deeper than
     * {@code maxDepth} (which also catches a map that contains itself), a non-string key, a NaN/infinite double,
     * or a value of an unsupported type. Walks with an explicit stack so a hostile tree cannot overflow the thread.
     */
    static String structuralProblem(Object root, int maxDepth) {
        Deque<Object[]> pending = new ArrayDeque<>();
        pending.push(new Object[] {root, 0});
        while (!pending.isEmpty()) {
            Object[] entry = pending.pop();
            Object value = entry[0];
            int depth = (Integer) entry[1];
            if (value instanceof Map<?, ?> map) {
                if (depth >= maxDepth) {
                    return "nests deeper than " + maxDepth + " levels";
                }
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String)) {
                        return "has a non-string object key " + e.getKey();
                    }
                    pending.push(new Object[] {e.getValue(), depth + 1});
                }
            } else if (value instanceof List<?> list) {
                if (depth >= maxDepth) {
                    return "nests deeper than " + maxDepth + " levels";
                }
                for (Object element : list) {
                    pending.push(new Object[] {element, depth + 1});
                }
            } else if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return "contains " + value + ", which JSON cannot represent";
                }
            } else if (value != null && !(value instanceof String) && !(value instanceof Boolean)
                    && !isNumber(value)) {
                return "contains " + typeName(value) + ", which is not a JSON value";
            }
        }
        return null;
    }
}
