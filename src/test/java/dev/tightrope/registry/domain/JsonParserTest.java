package dev.tightrope.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonParserTest {

    @Test
    void parsesEveryValueTypeIntoThePlainJavaModel() {
        Object parsed = JsonParser.parse(
                " {\"s\":\"x\\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\",\"n\":-12.5e-1,\"i\":0,"
                        + "\"t\":true,\"f\":false,\"z\":null,\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}}\n\t\r ");

        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, parsed);
        assertEquals(List.of("s", "n", "i", "t", "f", "z", "a", "o"), List.copyOf(map.keySet()), "input order kept");
        assertEquals("x\"y\\z/\b\f\n\r\té😀", map.get("s"));
        assertEquals(new BigDecimal("-12.5e-1"), map.get("n"));
        assertEquals(BigDecimal.ZERO, map.get("i"));
        assertEquals(Boolean.TRUE, map.get("t"));
        assertEquals(Boolean.FALSE, map.get("f"));
        assertTrue(map.containsKey("z"));
        assertEquals(null, map.get("z"));
        assertEquals(Arrays.asList(BigDecimal.ONE, new ArrayList<>(), new LinkedHashMap<>()), map.get("a"));
        assertInstanceOf(ArrayList.class, map.get("a"));
        assertEquals(Map.of("k", "v"), map.get("o"));
    }

    @Test
    void parsesScalarDocuments() {
        assertEquals("hi", JsonParser.parse("\"hi\""));
        assertEquals(new BigDecimal("1E+400"), JsonParser.parse("1e400"));
        assertEquals(null, JsonParser.parse(" null "));
        assertEquals(Arrays.asList(null, null), JsonParser.parse("[null,null]"));
    }

    @Test
    void loneSurrogateEscapesPassThrough() {
        assertEquals("\ud800x", JsonParser.parse("\"\\ud800x\""));
    }

    @Test
    void numbersKeepTheirExactDecimalValue() {
        assertEquals(new BigDecimal("0.1"), JsonParser.parse("0.1"));
        assertEquals(new BigDecimal("123456789012345678901234567890"),
                JsonParser.parse("123456789012345678901234567890"));
    }

    @ParameterizedTest(name = "{0} -> offset {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # input                | offset | message fragment
            `{} x`                 | 3      | expected the end of input but found 'x'
            `[1] [2]`              | 4      | expected the end of input
            `{"a":1,"a":2}`        | 7      | duplicate key "a"
            `{"a":{"b":1,"b":2}}`  | 12     | duplicate key "b"
            `"\\x"`                | 2      | expected an escape character
            `"\\u12G4"`            | 5      | expected 4 hex digits
            `NaN`                  | 0      | NaN and Infinity are not JSON
            `Infinity`             | 0      | NaN and Infinity are not JSON
            `-Infinity`            | 1      | Infinity is not a JSON number
            `[01]`                 | 2      | leading zeros are not allowed
            `-012`                 | 2      | leading zeros are not allowed
            `+1`                   | 0      | expected a value but found '+'
            `.5`                   | 0      | expected a value
            `1.`                   | 2      | expected a digit after '.'
            `1e`                   | 2      | expected a digit in the exponent
            `-`                    | 1      | expected a digit but found the end of input
            ``                     | 0      | expected a value but found the end of input
            `   `                  | 3      | expected a value but found the end of input
            `[1,2`                 | 4      | expected ',' or ']' but found the end of input
            `[1,]`                 | 3      | expected a value but found ']'
            `{"a":1,}`             | 7      | expected a string key but found '}'
            `{"a" 1}`              | 5      | expected ':' but found '1'
            `{a:1}`                | 1      | expected a string key or '}'
            `{"a":1 "b":2}`        | 7      | expected ',' or '}'
            `tru`                  | 0      | expected 'true'
            `nul`                  | 0      | expected 'null'
            `"abc`                 | 4      | expected '"' to close the string
            `1e99999999999`        | 0      | exponent within
            """)
    void rejectsInvalidJsonNamingOffsetAndExpectation(String input, int offset, String fragment) {
        TightropeException e = assertThrows(TightropeException.class, () -> JsonParser.parse(input));
        assertEquals(ErrorCode.VALIDATION, e.code());
        assertTrue(e.getMessage().startsWith("Invalid JSON at offset " + offset + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void unicodeEscapesTakeOnlyAsciiHexDigits() {
        // U+FF10 is a fullwidth zero, which Character.digit would happily read as 0.
        TightropeException e = assertThrows(TightropeException.class, () -> JsonParser.parse("\"\\u00\uff101\""));
        assertTrue(e.getMessage().startsWith("Invalid JSON at offset 5: expected 4 hex digits"), e.getMessage());
        assertEquals("A", JsonParser.parse("\"\\u0041\""));
    }

    @Test
    void rawControlCharacterInStringIsRejected() {
        TightropeException e = assertThrows(TightropeException.class, () -> JsonParser.parse("\"a\nb\""));
        assertEquals("Invalid JSON at offset 2: expected an escape sequence instead of a raw control character"
                + " but found U+000A", e.getMessage());
    }

    @Test
    void nullTextIsAValidationError() {
        assertEquals(ErrorCode.VALIDATION,
                assertThrows(TightropeException.class, () -> JsonParser.parse(null)).code());
    }

    @Test
    void depthSixtyFourIsAcceptedAndSixtyFiveRejected() {
        Object parsed = JsonParser.parse(nested("[", 64) + "1" + nested("]", 64));
        int depth = 0;
        while (parsed instanceof List<?> list) {
            depth++;
            parsed = list.get(0);
        }
        assertEquals(64, depth);
        assertEquals(BigDecimal.ONE, parsed);

        TightropeException e = assertThrows(TightropeException.class,
                () -> JsonParser.parse(nested("[", 65) + nested("]", 65)));
        assertTrue(e.getMessage().startsWith("Invalid JSON at offset 64: expected a value nested at most 64 levels"),
                e.getMessage());
    }

    @Test
    void depthCountsObjectsAndArraysAlike() {
        String objects = nested("{\"k\":", 32) + nested("[", 32) + "[]" + nested("]", 32) + nested("}", 32);
        TightropeException e = assertThrows(TightropeException.class, () -> JsonParser.parse(objects));
        assertTrue(e.getMessage().contains("at most 64 levels"), e.getMessage());
    }

    @Test
    void hostileDeepInputFailsCleanlyWithoutStackOverflow() {
        String deep = nested("[", 1_000_000);
        assertThrows(TightropeException.class, () -> JsonParser.parse(deep));
    }

    @Test
    void duplicateKeysInDifferentObjectsAreFine() {
        assertEquals(List.of(Map.of("a", BigDecimal.ONE), Map.of("a", new BigDecimal(2))),
                JsonParser.parse("[{\"a\":1},{\"a\":2}]"));
    }

    private static String nested(String token, int times) {
        return token.repeat(times);
    }
}
