package dev.tightrope.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void readsSecondsAndHttpDatesCapsThemAndOtherwiseSaysNothing() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), RetryAfter.parse("1", NOW));
        assertEquals(Optional.of(Duration.ofMillis(2500)), RetryAfter.parse(" 2.5 ", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-1", NOW));
        assertEquals(Optional.of(RetryAfter.MAXIMUM), RetryAfter.parse("100000", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse("Tue, 1 Dec 2026 10:00:03 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Tue, 1 Dec 2026 09:00:00 GMT", NOW),
                "a date in the past: now");
    }
}
