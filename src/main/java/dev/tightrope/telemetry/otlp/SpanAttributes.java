package dev.tightrope.telemetry.otlp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.tightrope.platform.error.Violation;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * The attributes of a span, a span event or a resource, read by key with their OTLP type checked. A wrong type is a
 * {@link Violation} naming the attribute ({@code gen_ai.usage.input_tokens: must be an integer (intValue), not a
 * doubleValue (900.5)}), never a conversion. An attribute without a value ({@code AnyValue} with nothing set) counts
 * as absent. When a key occurs twice (OTLP forbids it), the first one counts.
 */
final class SpanAttributes {

    private final Map<String, AnyValue> values;
    private final String prefix;

    /**
     * @param prefix put before every key in a violation's path: "" for the span's own attributes, "resource." or
     *               "event gen_ai.evaluation.result[0]." for others
     */
    SpanAttributes(List<KeyValue> attributes, String prefix) {
        this.values = new HashMap<>(Math.max(4, attributes.size() * 2));
        for (KeyValue attribute : attributes) {
            if (attribute.getValue().getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET) {
                values.putIfAbsent(attribute.getKey(), attribute.getValue());
            }
        }
        this.prefix = prefix;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** Whether any attribute's key starts with {@code keyPrefix}. */
    boolean hasPrefix(String keyPrefix) {
        for (String key : values.keySet()) {
            if (key.startsWith(keyPrefix)) {
                return true;
            }
        }
        return false;
    }

    /** The value when it is a string, else null (absent or of another type): for telling what a span is. */
    String stringOrNull(String key) {
        AnyValue value = values.get(key);
        return value != null && value.hasStringValue() ? value.getStringValue() : null;
    }

    String string(String key, List<Violation> violations) {
        return typed(key, AnyValue::hasStringValue, AnyValue::getStringValue, "a string (stringValue)", violations);
    }

    Boolean bool(String key, List<Violation> violations) {
        return typed(key, AnyValue::hasBoolValue, AnyValue::getBoolValue, "true or false (boolValue)", violations);
    }

    /** An integer attribute: {@code intValue} only; a {@code doubleValue}, even 900.0, is a violation. */
    Long whole(String key, List<Violation> violations) {
        return typed(key, AnyValue::hasIntValue, AnyValue::getIntValue, "an integer (intValue)", violations);
    }

    /** A number: {@code doubleValue} or {@code intValue}. */
    Double number(String key, List<Violation> violations) {
        return typed(key, value -> value.hasDoubleValue() || value.hasIntValue(),
                value -> value.hasDoubleValue() ? value.getDoubleValue() : (double) value.getIntValue(),
                "a number (doubleValue or intValue)", violations);
    }

    /** The value when it is of the kind {@code is} accepts; null when absent; a violation when of another kind. */
    private <T> T typed(String key, Predicate<AnyValue> is, Function<AnyValue, T> read, String expected,
            List<Violation> violations) {
        AnyValue value = values.get(key);
        if (value == null) {
            return null;
        }
        if (is.test(value)) {
            return read.apply(value);
        }
        violations.add(new Violation(path(key), "must be " + expected + ", not " + describe(value)));
        return null;
    }

    /** The path of an attribute in a violation. */
    String path(String key) {
        return prefix + key;
    }

    /** The kind of an OTLP value and, for scalars, the value: {@code a doubleValue (900.5)}. */
    static String describe(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> "a stringValue (\"" + shorten(value.getStringValue()) + "\")";
            case BOOL_VALUE -> "a boolValue (" + value.getBoolValue() + ")";
            case INT_VALUE -> "an intValue (" + value.getIntValue() + ")";
            case DOUBLE_VALUE -> "a doubleValue (" + value.getDoubleValue() + ")";
            case ARRAY_VALUE -> "an arrayValue";
            case KVLIST_VALUE -> "a kvlistValue";
            case BYTES_VALUE -> "a bytesValue";
            default -> "no value";
        };
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
