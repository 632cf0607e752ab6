package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tightrope.fuzz.JsonText.Num;

/**
 * Values to put where a variable or an input field goes, each with what the GraphQL specification says of it for
 * the declared type: {@link Validity#VALID} (the value coerces), {@link Validity#INVALID} (coercion must fail, so the
 * whole operation is refused with VALIDATION and nothing runs) or {@link Validity#UNKNOWN} (a custom scalar or an
 * edge the specification leaves to the server: only the general invariants apply). Pure: every choice comes from
 * the {@link Random} passed in.
 */
public final class Mutations {

    public enum Validity {
        VALID, INVALID, UNKNOWN
    }

    /** A value, a short label for the case's kind, and its validity. */
    public record Candidate(Object value, String label, Validity validity) {
    }

    /** Ints at and beyond the 32-bit edges, non-integral numbers, and the wrong JSON types. */
    static final List<Candidate> INTS = List.of(
            valid(2147483647), invalid(new Num("2147483648")), valid(-2147483648), invalid(new Num("-2147483649")),
            invalid(new Num("4294967297")), invalid(new Num("4294967296")), invalid(new Num("99999999999")),
            invalid(new Num("-99999999999")), invalid(new Num("1e400")), invalid(new Num("5.5")),
            invalid(new Num("1.0e-400")), valid(new Num("-0")), valid(0), valid(-1), valid(1), valid(2), valid(3),
            valid(100), valid(101), unknown(new Num("2.0")), unknown(new Num("1e2")), invalid("50"), invalid("1"),
            invalid(""), invalid(true), invalid(false), invalid(List.of()), invalid(List.of(1)), invalid(Map.of()),
            invalid(Map.of("value", 1)), invalid(new Num("18446744073709551617")));

    /** Wrong JSON types for a String. */
    static final List<Candidate> NOT_STRINGS = List.of(invalid(5), invalid(new Num("5.5")), invalid(true),
            invalid(List.of()), invalid(List.of("a")), invalid(Map.of()), invalid(Map.of("a", "b")),
            invalid(new Num("1e400")));

    private Mutations() {
    }

    /** Strings that break naive code: NUL, lone surrogates, RTL, emoji, combining marks, huge, injection-like. */
    public static String weirdString(Random random) {
        return switch (random.nextInt(24)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "\u0000";
            case 3 -> "fz\u0000nul";
            case 4 -> "\ud800";
            case 5 -> "x\udfffy";
            case 6 -> "\u202eevil\u202c";
            case 7 -> "שלום עולם";
            case 8 -> "مرحبا بالعالم";
            case 9 -> "😀🚀👩‍👩‍👧‍👦";
            case 10 -> "e\u0301\u0301\u0301\u0301\u0327";
            case 11 -> "Z\u0334\u0321\u0322a\u0337l\u0338g\u0336o\u0335";
            case 12 -> "\ufeffbom";
            case 13 -> "\uffff\ufffe";
            case 14 -> "line\u2028sep\u2029";
            case 15 -> "<script>alert(1)</script>";
            case 16 -> "'; drop table agent; --";
            case 17 -> "%00%ff%";
            case 18 -> "../../etc/passwd";
            case 19 -> "a".repeat(65);
            case 20 -> "k".repeat(10_000);
            case 21 -> huge(random);
            case 22 -> "\\u0000 \\ud800 \"quoted\"";
            default -> "\t\r\n\u0007\u001b[31m";
        };
    }

    /** A string of at least 300 KB. */
    public static String huge(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "h".repeat(310_000);
            case 1 -> "😀".repeat(80_000);
            default -> "é".repeat(160_000);
        };
    }

    /** A value for a variable or field of this declared type (as written, {@code Int!}), with its validity. */
    public static Candidate forType(Random random, String type, SchemaModel schema, Object baseline) {
        boolean nonNull = type.endsWith("!");
        String base = type.replace("!", "");
        if (random.nextInt(10) == 0) {
            return new Candidate(null, "null", nonNull ? Validity.INVALID : Validity.VALID);
        }
        if (base.startsWith("[")) {
            return pick(random, List.of(unknown(List.of()), invalid(Map.of()), unknown("one")));
        }
        switch (base) {
            case "Int":
                return pick(random, INTS);
            case "String":
                if (random.nextInt(3) == 0) {
                    return pick(random, NOT_STRINGS);
                }
                String text = weirdString(random);
                return new Candidate(text, describe(text), Validity.VALID);
            case "ID":
                return pick(random, List.of(valid("no-such-id"), valid(""), valid(weirdString(random)),
                        invalid(new Num("5.5")), invalid(true), invalid(List.of()), invalid(Map.of())));
            case "Boolean":
                return pick(random, List.of(valid(true), valid(false), invalid("true"), invalid(1), invalid(List.of())));
            default:
                break;
        }
        List<String> enumValues = schema.enumValues().get(base);
        if (enumValues != null) {
            List<Candidate> candidates = new ArrayList<>();
            enumValues.forEach(v -> candidates.add(valid(v)));
            candidates.add(invalid(enumValues.get(0).toLowerCase()));
            candidates.add(invalid("NOT_A_VALUE"));
            candidates.add(invalid(5));
            candidates.add(invalid(weirdString(random)));
            return pick(random, candidates);
        }
        Map<String, String> fields = schema.inputFields().get(base);
        if (fields != null) {
            List<Candidate> candidates = new ArrayList<>(List.of(invalid("an input"), invalid(5), invalid(List.of()),
                    invalid(true)));
            boolean anyRequired = fields.values().stream().anyMatch(t -> t.endsWith("!"));
            candidates.add(new Candidate(Map.of(), "{}", anyRequired ? Validity.INVALID : Validity.VALID));
            if (baseline instanceof Map<?, ?> map) {
                Map<String, Object> extra = JsonText.object();
                map.forEach((k, v) -> extra.put((String) k, v));
                extra.put("unknownField", 1);
                candidates.add(new Candidate(extra, "{...,unknownField}", Validity.INVALID));
            }
            return pick(random, candidates);
        }
        // custom scalars (DateTime, JSON, …): the server decides
        return pick(random, List.of(unknown("not-a-date"), unknown("2026-13-45T25:61:00Z"), unknown(5),
                unknown(new Num("1e400")), unknown(List.of(1)), unknown(Map.of("a", 1)), unknown(true),
                unknown("\u0000"), unknown("2026-11-27T22:11:38Z"), unknown("+999999999-12-31T23:59:59Z"),
                unknown(weirdString(random))));
    }

    static Candidate pick(Random random, List<Candidate> candidates) {
        return candidates.get(random.nextInt(candidates.size()));
    }

    static String describe(Object value) {
        String text = value instanceof String s ? JsonText.write(s) : JsonText.write(value);
        return text.length() > 40 ? text.substring(0, 30) + "…(" + text.length() + " chars)" : text;
    }

    private static Candidate valid(Object value) {
        return new Candidate(value, describe(value), Validity.VALID);
    }

    private static Candidate invalid(Object value) {
        return new Candidate(value, describe(value), Validity.INVALID);
    }

    private static Candidate unknown(Object value) {
        return new Candidate(value, describe(value), Validity.UNKNOWN);
    }
}
