package dev.tightrope.platform.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputContractTest {

    static Stream<Arguments> ints() {
        return Stream.of(
                Arguments.of(5, null),
                Arguments.of(2147483647, null),
                Arguments.of(-2147483648L, null),
                Arguments.of(new BigDecimal("5.0"), null),
                Arguments.of(new BigDecimal("-0"), null),
                Arguments.of(2147483648L, "from -2147483648 to 2147483647, got 2147483648"),
                Arguments.of(-2147483649L, "got -2147483649"),
                Arguments.of(4294967297L, "got 4294967297"),
                Arguments.of(new BigInteger("99999999999999999999999"), "got 99999999999999999999999"),
                Arguments.of(new BigDecimal("1E+400"), "got 1E+400"),
                Arguments.of(new BigDecimal("5.5"), "must be a whole number, got 5.5"),
                Arguments.of(5.5d, "must be a whole number, got 5.5"),
                Arguments.of("50", "not a string (\"50\")"),
                Arguments.of(true, "not true"),
                Arguments.of(List.of(1), "not an array"),
                Arguments.of(Map.of(), "not an object"));
    }

    @ParameterizedTest
    @MethodSource("ints")
    void anIntIsAWholeNumberInThirtyTwoBitsAndNothingElse(Object value, String problem) {
        String found = InputContract.intProblem(value);
        if (problem == null) {
            assertThat(found).isNull();
            assertThat(InputContract.toInt(value)).isEqualTo(((Number) value).intValue());
        } else {
            assertThat(found).contains(problem);
        }
    }

    @Test
    void aFloatIsAFiniteNumber() {
        assertThat(InputContract.floatProblem(new BigDecimal("0.25"))).isNull();
        assertThat(InputContract.floatProblem(new BigDecimal("1E+400"))).contains("range of a 64-bit float");
        assertThat(InputContract.floatProblem("0.25")).contains("not a string");
    }

    @Test
    void aStringHasNoNulAndNoUnpairedSurrogate() {
        assertThat(InputContract.stringProblem("héllo 👋 עברית e\u0301")).isNull();
        assertThat(InputContract.stringProblem("a\u0000b")).isEqualTo(
                "must not contain the NUL character (U+0000), found at index 1");
        assertThat(InputContract.stringProblem("x\ud800")).contains("unpaired UTF-16 surrogate, found at index 1");
        assertThat(InputContract.stringProblem("\udc00x")).contains("found at index 0");
    }

    @Test
    void everyStringOfATreeIsCheckedWithItsPath() {
        Map<String, Object> tree = Map.of("input", Map.of("tags", List.of("ok", "bad\u0000")));
        assertThat(InputContract.treeStringProblem(tree, "variables"))
                .isEqualTo("variables.input.tags[1] must not contain the NUL character (U+0000), found at index 3");
        assertThat(InputContract.treeStringProblem(Map.of("k\u0000", 1), "variables")).startsWith("a key in variables");
        assertThat(InputContract.treeStringProblem(Map.of("a", List.of(1, true)), "variables")).isNull();
    }

    @Test
    void aDateTimeIsIsoWithAnOffset() {
        assertThat(InputContract.dateTimeProblem("2027-06-30T09:00:00Z")).isNull();
        assertThat(InputContract.dateTimeProblem("2027-06-30T11:00:00+02:00")).isNull();
        assertThat(InputContract.dateTimeProblem("2027-06-30")).contains("ISO-8601 with an offset");
        assertThat(InputContract.dateTimeProblem("tomorrow")).endsWith("got \"tomorrow\"");
        assertThat(InputContract.dateTimeProblem("+999999999-12-31T23:59:59Z")).contains("years 1 and 9999");
    }
}
