package dev.tightrope.sdk.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsEveryKindOfValueIntoTheDocumentedTypes() {
        Map<String, Object> object = Json.parseObject(
                " {\"s\": \"text\", \"i\": 42, \"neg\": -7, \"d\": 0.25, \"e\": 1e3, \"t\": true, \"f\": false,"
                        + " \"n\": null, \"a\": [1, \"x\", null, {}], \"o\": {\"k\": []}}\n");
        assertEquals(List.of("s", "i", "neg", "d", "e", "t", "f", "n", "a", "o"), new ArrayList<>(object.keySet()),
                "the text's order");
        assertEquals("text", object.get("s"));
        assertEquals(42L, object.get("i"));
        assertEquals(-7L, object.get("neg"));
        assertEquals(0.25, object.get("d"));
        assertEquals(1000.0, object.get("e"), "an exponent makes a double");
        assertEquals(Boolean.TRUE, object.get("t"));
        assertEquals(Boolean.FALSE, object.get("f"));
        assertTrue(object.containsKey("n") && object.get("n") == null);
        assertEquals(Arrays.asList(1L, "x", null, Map.of()), object.get("a"));
        assertEquals(Map.of("k", List.of()), object.get("o"));
        assertThrows(UnsupportedOperationException.class, () -> object.put("x", 1), "unmodifiable");
    }

    @Test
    void keepsWholeNumbersWholeAndDoublesDoubles() {
        assertEquals(3.0, Json.parse("3.0"), "3.0 stays a double: nothing is coerced");
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(-1.5e-300, Json.parse("-1.5E-300"));
        JsonException tooLarge = assertThrows(JsonException.class, () -> Json.parse("1e400"));
        assertTrue(tooLarge.getMessage().contains("too large for a double"), tooLarge.getMessage());
    }

    @Test
    void readsEscapesAndSurrogatePairs() {
        assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("é日本🚀", Json.parse("\"\\u00e9\\u65E5本\\ud83d\\ude80\""));
        assertEquals("lone \uD800 surrogate", Json.parse("\"lone \\ud800 surrogate\""), "kept as it came");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "1.", ".5", "-", "1e", "+1",
        "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12G4\"", "tru", "nul", "{\"a\" 1}", "{1:2}", "[1 2]", "1 2",
        "\"tab\there\"", "NaN", "Infinity", "[1]x", "{\"a\":1}}"})
    void refusesWhatIsNotStrictJson(String text) {
        assertThrows(JsonException.class, () -> Json.parse(text), text);
    }

    @Test
    void namesWhatIsWrongAndWhere() {
        JsonException twice = assertThrows(JsonException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
        assertEquals("the key \"a\" appears twice in one object (at character 9)", twice.getMessage());
        assertEquals(9, twice.offset());
        JsonException control = assertThrows(JsonException.class, () -> Json.parse("\"a\u0001\""));
        assertTrue(control.getMessage().startsWith("control character U+0001 in a string"), control.getMessage());
        JsonException trailing = assertThrows(JsonException.class, () -> Json.parse("[1] ]"));
        assertEquals("unexpected ']' after the JSON value (at character 4)", trailing.getMessage());
        JsonException notObject = assertThrows(JsonException.class, () -> Json.parseObject("[1]"));
        assertEquals("expected a JSON object, found an array (at character 0)", notObject.getMessage());
        assertThrows(JsonException.class, () -> Json.parse(null));
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        String fine = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(fine) instanceof List);
    }

    @Test
    void writesCompactJsonWithEscapes() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("s", "q\"b\\s/\n\r\t\b\f\u0001\u001f é🚀");
        object.put("n", null);
        object.put("l", 12L);
        object.put("i", 3);
        object.put("d", 0.1);
        object.put("big", new BigInteger("123456789012345678901234567890"));
        object.put("dec", new BigDecimal("1E+3"));
        object.put("a", List.of(true, false));
        assertEquals("{\"s\":\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f é🚀\",\"n\":null,\"l\":12,\"i\":3,\"d\":0.1,"
                + "\"big\":123456789012345678901234567890,\"dec\":1E+3,\"a\":[true,false]}", Json.write(object));
    }

    @Test
    void escapesLoneSurrogatesSoTheTextStaysValidUtf8() {
        assertEquals("\"a\\ud800b\\udc00\"", Json.write("a\uD800b\uDC00"));
        assertEquals("\"\\udc00\\ud800\"", Json.write("\uDC00\uD800"), "a low before a high is no pair");
        assertEquals("\"🚀\"", Json.write("🚀"));
        assertEquals("a\uD800b", Json.parse(Json.write("a\uD800b")));
    }

    @Test
    void refusesWhatJsonHasNoFormFor() {
        assertThrows(JsonException.class, () -> Json.write(Double.NaN));
        assertThrows(JsonException.class, () -> Json.write(Double.POSITIVE_INFINITY));
        assertThrows(JsonException.class, () -> Json.write(Float.NaN));
        assertThrows(JsonException.class, () -> Json.write(new Object()));
        assertThrows(JsonException.class, () -> Json.write(new java.util.concurrent.atomic.AtomicLong(1)));
        assertThrows(JsonException.class, () -> Json.write(Map.of(1, "x")));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(JsonException.class, () -> Json.write(cycle));
    }

    @Test
    void roundTripsRandomDocumentsExactly() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            Object value = randomValue(random, 0);
            String text = Json.write(value);
            assertEquals(value, Json.parse(text), text);
        }
    }

    @Test
    void describesValuesForErrorMessages() {
        assertEquals("a string (\"3\")", Json.describe("3"));
        assertEquals("a number (7.5)", Json.describe(7.5));
        assertEquals("null", Json.describe(null));
        assertEquals("an object", Json.describe(Map.of()));
        assertEquals("an array", Json.describe(List.of()));
        assertEquals("a boolean (true)", Json.describe(true));
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        switch (kind) {
            case 0: return null;
            case 1: return random.nextBoolean();
            case 2: return random.nextLong();
            case 3: return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) * (random.nextBoolean() ? 1 : -1);
            case 4: return randomString(random);
            case 5: return (long) random.nextInt(100);
            case 6: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                return map;
            }
        }
    }

    private static String randomString(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = random.nextInt(10);
            if (pick < 5) {
                text.append((char) (' ' + random.nextInt(95)));
            } else if (pick < 7) {
                text.append((char) random.nextInt(0x20));
            } else if (pick < 8) {
                text.appendCodePoint(0x1F600 + random.nextInt(50));
            } else if (pick < 9) {
                text.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogates too
            } else {
                text.append((char) (0xA0 + random.nextInt(0x2000)));
            }
        }
        return text.toString();
    }
}
