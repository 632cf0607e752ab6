package dev.tightrope.openfeature;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.ParseError;

/**
 * Parsed JSON (the SDK's maps, lists, strings, numbers, booleans and nulls) as OpenFeature {@link Value}s.
 *
 * <p>OpenFeature's numbers are {@code Integer} and {@code Double} only. A whole number within {@code int} becomes
 * an Integer; a larger one becomes a Double only while a double holds it exactly (up to 2<sup>53</sup>), else the
 * evaluation fails with {@code PARSE_ERROR} rather than hand out a different number.
 */
final class Values {

    private static final long EXACT_IN_DOUBLE = 1L << 53;

    private Values() {
    }

    static Value of(Object json) {
        if (json == null) {
            return new Value();
        }
        if (json instanceof Map) {
            Map<String, Value> fields = new LinkedHashMap<>();
            ((Map<?, ?>) json).forEach((key, value) -> fields.put((String) key, of(value)));
            return new Value(new ImmutableStructure(fields));
        }
        if (json instanceof List) {
            List<Value> elements = new ArrayList<>(((List<?>) json).size());
            for (Object element : (List<?>) json) {
                elements.add(of(element));
            }
            return new Value(elements);
        }
        if (json instanceof String) {
            return new Value((String) json);
        }
        if (json instanceof Boolean) {
            return new Value((Boolean) json);
        }
        if (json instanceof Double) {
            return new Value((Double) json);
        }
        if (json instanceof Long) {
            return wholeNumber((Long) json);
        }
        if (json instanceof BigInteger) {
            throw new ParseError("the number " + json + " has no exact OpenFeature value (Integer or Double)");
        }
        throw new ParseError("a " + json.getClass().getName() + " is not a JSON value");
    }

    private static Value wholeNumber(long number) {
        if (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
            return new Value((int) number);
        }
        if (Math.abs(number) <= EXACT_IN_DOUBLE) {
            return new Value((double) number);
        }
        throw new ParseError("the number " + number + " has no exact OpenFeature value (Integer or Double)");
    }
}
