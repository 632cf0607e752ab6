package dev.tightrope.platform.input;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What every entry point accepts for the scalar values of a request, in one place: the GraphQL engine's scalars
 * ({@code StrictScalars}) and the fast paths that answer without the engine apply these same rules, so no path is
 * looser than another.
 *
 * <p>Each check answers {@code null} when the value is acceptable, or a sentence saying what is wrong, written for a
 * person ("must be a whole number from -2147483648 to 2147483647, got 4294967297"). Nothing is ever coerced: a
 * string is not a number, a fraction is not an integer, and a number out of range is refused rather than wrapped.
 *
 * <ul>
 * <li><b>Int</b>: a JSON number with no fractional part within 32 bits ({@value Integer#MIN_VALUE} to
 * {@value Integer#MAX_VALUE}); {@code 5.0} is taken as 5 because it is exactly 5, {@code 5.5} is refused.</li>
 * <li><b>Float</b>: a JSON number within the range of a 64-bit double ({@code 1e400} is refused).</li>
 * <li><b>String</b>: any text without U+0000 (PostgreSQL cannot store it) and without an unpaired UTF-16 surrogate
 * (it has no UTF-8 form, so it would be stored as something else).</li>
 * <li><b>DateTime</b>: ISO-8601 with an offset, {@code 2027-06-30T09:00:00Z} or {@code 2027-06-30T11:00:00+02:00},
 * in the years 1 to 9999 (what every store and client can hold).</li>
 * </ul>
 */
public final class InputContract {

    public static final String DATE_TIME_FORMAT = "ISO-8601 with an offset, e.g. 2027-06-30T09:00:00Z";

    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    private InputContract() {
    }

    /** Why {@code value} (a decoded JSON value) is not an Int, or null when it is one. */
    public static String intProblem(Object value) {
        BigDecimal number = decimal(value);
        if (number == null) {
            return "must be a whole number (a JSON number), not " + describe(value);
        }
        if (!isWhole(number)) {
            return "must be a whole number, got " + number.toPlainString();
        }
        if (number.compareTo(INT_MIN) < 0 || number.compareTo(INT_MAX) > 0) {
            return "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", got "
                    + shortText(number);
        }
        return null;
    }

    /** The Int value of an accepted {@code value} (see {@link #intProblem}). */
    public static int toInt(Object value) {
        return decimal(value).intValueExact();
    }

    /** Why {@code value} is not a Float, or null when it is one. */
    public static String floatProblem(Object value) {
        BigDecimal number = decimal(value);
        if (number == null) {
            return "must be a number (a JSON number), not " + describe(value);
        }
        if (Double.isInfinite(number.doubleValue())) {
            return "must be a number within the range of a 64-bit float, got " + shortText(number);
        }
        return null;
    }

    /** Why {@code text} cannot be taken as a string, or null when it can. */
    public static String stringProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (U+0000), found at index " + i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired UTF-16 surrogate, found at index " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate, found at index " + i;
            }
        }
        return null;
    }

    /**
     * The String rule applied to every string of a decoded JSON value (maps, lists, strings; object keys included):
     * what is wrong with the first one that breaks it, with its path below {@code path}, or null when all are fine.
     * For example {@code {"input": {"name": "a\u0000"}}} under "variables" gives
     * "variables.input.name must not contain the NUL character (U+0000), found at index 1".
     */
    public static String treeStringProblem(Object value, String path) {
        if (value instanceof String text) {
            String problem = stringProblem(text);
            return problem == null ? null : path + " " + problem;
        }
        if (value instanceof java.util.Map<?, ?> object) {
            for (java.util.Map.Entry<?, ?> entry : object.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String problem = stringProblem(key);
                if (problem != null) {
                    return "a key in " + path + " " + problem;
                }
                problem = treeStringProblem(entry.getValue(), path + "." + key);
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (value instanceof Iterable<?> list) {
            int index = 0;
            for (Object element : list) {
                String problem = treeStringProblem(element, path + "[" + index++ + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** Why {@code text} is not a DateTime, or null when it is one. */
    public static String dateTimeProblem(String text) {
        String problem = stringProblem(text);
        if (problem != null) {
            return problem;
        }
        try {
            int year = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).getYear();
            return year >= 1 && year <= 9999 ? null
                    : "must be a date and time between the years 1 and 9999, got " + quoted(text);
        } catch (DateTimeParseException e) {
            return "must be a date and time in " + DATE_TIME_FORMAT + ", got " + quoted(text);
        }
    }

    /** An accepted DateTime ({@link #dateTimeProblem} null) written with its seconds: 2027-01-01T00:00:00Z. */
    public static String canonicalDateTime(String text) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.parse(text,
                DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** A short description of a decoded JSON value's type, for messages: "a string (\"50\")", "true", "an object". */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence text) {
            return "a string (" + quoted(text.toString()) + ")";
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Iterable<?> || value.getClass().isArray()) {
            return "an array";
        }
        if (value instanceof java.util.Map<?, ?>) {
            return "an object";
        }
        return "a value of another type";
    }

    /** The text in double quotes, cut after 40 characters. */
    public static String quoted(String text) {
        return "\"" + (text.length() <= 40 ? text : text.substring(0, 40) + "…") + "\"";
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    private static boolean isWhole(BigDecimal number) {
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private static String shortText(BigDecimal number) {
        String text = number.abs().compareTo(BigDecimal.TEN.pow(30)) > 0 ? number.toString() : number.toPlainString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
