package dev.tightrope.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumWithEqualJitter() {
        Backoff low = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2, () -> 0);
        Backoff high = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2, () -> 0.999999);
        assertEquals(List.of(250L, 500L, 1000L, 8000L, 15000L, 15000L), Stream.of(0, 1, 2, 5, 6, 100)
                .map(n -> low.delay(n).toMillis()).collect(Collectors.toList()));
        assertEquals(500, high.delay(0).toMillis(), 1);
        assertEquals(Duration.ofSeconds(30), high.ceiling(10));
        assertEquals(Duration.ofMillis(250), low.delay(-3), "a negative count is the first failure");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, () -> 0));
    }
}
