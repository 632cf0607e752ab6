package dev.tightrope.platform.input;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.tightrope.platform.error.TightropeException;

/** The parser's refusals are said in words, whole: nothing cut where a parser feature's name was. */
class StrictJsonTest {

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> StrictJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TightropeException.class).hasMessage(message);
    }

    @Test
    void nonStandardNumbersSayJsonHasNone() {
        refused("{\"latencyMs\": NaN}", "The request body is not valid JSON at line 1, column 18: "
                + "Non-standard token 'NaN' (JSON does not allow it)");
    }

    @Test
    void aSecondValueSaysOnlyOneIsSent() {
        refused("{\"a\": 1}{\"a\": 2}", "The request body is not valid JSON at line 1, column 9: "
                + "Trailing token: only one JSON value may be sent");
    }

    @Test
    void anEmptyBodySaysSo() {
        refused("", "The request body is empty: send one JSON value.");
    }
}
