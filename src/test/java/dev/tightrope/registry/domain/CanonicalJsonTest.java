package dev.tightrope.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    static Stream<Arguments> sameContentDifferentSpelling() {
        return Stream.of(
                Arguments.of("{\"b\":1.0,\"a\":[true,null]}", "{ \"a\": [true, null], \"b\": 1 }",
                        "{\"a\":[true,null],\"b\":1}"),
                Arguments.of("{\"z\":{\"y\":1,\"x\":2},\"a\":0}", "{\n  \"a\": 0,\n  \"z\": {\"x\": 2, \"y\": 1}\n}",
                        "{\"a\":0,\"z\":{\"x\":2,\"y\":1}}"),
                Arguments.of("{\"a\":\"\\u00e9\\/\"}", "{\"a\":\"é/\"}", "{\"a\":\"é/\"}"),
                Arguments.of("[ ]", "[]", "[]"),
                Arguments.of("{\"B\":1,\"a\":2,\"_\":3}", "{\"a\":2,\"_\":3,\"B\":1}", "{\"B\":1,\"_\":3,\"a\":2}"));
    }

    @ParameterizedTest
    @MethodSource("sameContentDifferentSpelling")
    void keyOrderAndWhitespaceDoNotChangeCanonicalTextOrHash(String left, String right, String expected) {
        Object a = JsonParser.parse(left);
        Object b = JsonParser.parse(right);
        assertEquals(expected, CanonicalJson.canonical(a));
        assertEquals(expected, CanonicalJson.canonical(b));
        assertEquals(ContentHash.of(a), ContentHash.of(b));
    }

    @Test
    void arrayOrderIsMeaningful() {
        assertNotEquals(ContentHash.of(JsonParser.parse("[1,2]")), ContentHash.of(JsonParser.parse("[2,1]")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "1.00", "1e0", "10E-1", "0.1e1", "1E+0"})
    void equalNumbersHaveOneSpelling(String number) {
        assertEquals("1", CanonicalJson.canonical(JsonParser.parse(number)));
    }

    @ParameterizedTest
    @CsvSource({
            "0.1,          0.1",
            "0.10,         0.1",
            "-0,           0",
            "-0.0,         0",
            "-12.50,       -12.5",
            "123.450,      123.45",
            "1e20,         100000000000000000000",
            "-1e20,        -100000000000000000000",
            "999999999999999999999, 999999999999999999999",
            "1e21,         1E+21",
            "25e30,        2.5E+31",
            "1e999999999,  1E+999999999",
            "0.000001,     0.000001",
            "0.0000001,    1E-7",
            "0.00000015,   1.5E-7",
            "1.5e-7,       1.5E-7",
            "15E-8,        1.5E-7",
            "1e-999999999, 1E-999999999",
            "12345678901234567890123.5, 12345678901234567890123.5"
    })
    void numbersAreNormalised(String input, String expected) {
        assertEquals(expected, CanonicalJson.canonical(JsonParser.parse(input)));
    }

    @Test
    void pointOneAndPointOneZeroAreEqualButPointOneAndPointOneOneAreNot() {
        assertEquals(ContentHash.of(JsonParser.parse("0.1")), ContentHash.of(JsonParser.parse("0.10")));
        assertNotEquals(ContentHash.of(JsonParser.parse("0.1")), ContentHash.of(JsonParser.parse("0.11")));
    }

    @Test
    void javaNumberTypesAreAcceptedAndAgree() {
        List<Object> ones = List.of(1, 1L, (short) 1, (byte) 1, 1.0d, 1.0f, BigInteger.ONE, new BigDecimal("1.000"));
        for (Object one : ones) {
            assertEquals("1", CanonicalJson.canonical(one), () -> one.getClass().getSimpleName());
        }
        assertEquals("0.1", CanonicalJson.canonical(0.1d));
        assertEquals("0.1", CanonicalJson.canonical(0.1f));
        assertEquals("1E+300", CanonicalJson.canonical(1e300));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteDoublesAreRejected(double value) {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonical(List.of(value)));
    }

    @Test
    void unsupportedValuesAndKeysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonical(List.of(new Object())));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonical(Map.of(1, "a")));
    }

    @Test
    void aMapContainingItselfIsRejectedInsteadOfOverflowingTheStack() {
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonical(loop));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # code point | canonical string literal
            0x22         | "\\""
            0x5C         | "\\\\"
            0x08         | "\\b"
            0x0C         | "\\f"
            0x0A         | "\\n"
            0x0D         | "\\r"
            0x09         | "\\t"
            0x00         | "\\u0000"
            0x1F         | "\\u001f"
            0x1B         | "\\u001b"
            0x7F         | "\u007f"
            0x2F         | "/"
            0xE9         | "é"
            0x2028       | "\u2028"
            0x1F600      | "😀"
            """)
    void stringsEscapeOnlyWhatJsonRequires(String codePoint, String expected) {
        String s = Character.toString(Integer.decode(codePoint));
        assertEquals(expected, CanonicalJson.canonical(s));
    }

    @Test
    void escapedStringsParseBackToTheSameText() {
        String nasty = "tab\tquote\"backslash\\nul\u0000bell\u0007 é 😀 \ud800";
        assertEquals(nasty, JsonParser.parse(CanonicalJson.canonical(nasty)));
    }

    @Test
    void prettyOutputIsExact() {
        Object json = JsonParser.parse("{\"b\":1.0,\"a\":[true,null,{\"y\":\"x\"}],\"c\":{},\"d\":[]}");
        String expected = """
                {
                  "a": [
                    true,
                    null,
                    {
                      "y": "x"
                    }
                  ],
                  "b": 1,
                  "c": {},
                  "d": []
                }""";
        assertEquals(expected, CanonicalJson.pretty(json));
    }

    @Test
    void prettyScalarsAreTheirCanonicalText() {
        assertEquals("\"a\\nb\"", CanonicalJson.pretty("a\nb"));
        assertEquals("1.5E-7", CanonicalJson.pretty(new BigDecimal("0.000000150")));
        assertEquals("{}", CanonicalJson.pretty(Map.of()));
    }

    @Test
    void normalizeSortsKeysAndNormalisesNumbersDeeply() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", new BigDecimal("2.50"));
        inner.put("a", null);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("list", new ArrayList<>(Arrays.asList(1.0d, null, inner)));
        input.put("b", 10L);

        Object normalized = CanonicalJson.normalize(input);

        Map<?, ?> map = (Map<?, ?>) normalized;
        assertEquals(List.of("b", "list"), List.copyOf(map.keySet()));
        assertEquals(new BigDecimal("10"), map.get("b"));
        List<?> list = (List<?>) map.get("list");
        assertEquals(new BigDecimal("1"), list.get(0));
        assertEquals(null, list.get(1));
        assertEquals(List.of("a", "z"), List.copyOf(((Map<?, ?>) list.get(2)).keySet()));
        assertEquals(new BigDecimal("2.5"), ((Map<?, ?>) list.get(2)).get("z"));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) normalized).put("x", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"b\":1.0,\"a\":[true,null]}",
            "{\"n\":[0.10,1e21,-0,1.5e-7,12e3],\"s\":\"é\\n\",\"o\":{\"k\":{}}}",
            "[1e999999999]"
    })
    void normalizeRoundTripsThroughCanonicalText(String text) {
        Object normalized = CanonicalJson.normalize(JsonParser.parse(text));
        String canonical = CanonicalJson.canonical(normalized);
        Object readBack = CanonicalJson.normalize(JsonParser.parse(canonical));
        assertEquals(normalized, readBack);
        assertEquals(canonical, CanonicalJson.canonical(readBack));
        assertEquals(CanonicalJson.canonical(JsonParser.parse(text)), canonical);
    }
}
