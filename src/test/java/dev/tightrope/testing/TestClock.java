package dev.tightrope.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/**
 * The application's {@link Clock} in tests: the system clock plus an offset a test can move forward to see
 * time-based behaviour (token expiry, throttles) without waiting. Replaces the default clock bean for every
 * {@code @QuarkusTest}; a test that moves it must {@link #reset()} it (in a {@code finally} or {@code @AfterEach}).
 */
@Singleton
public class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC");
    }

    /** Moves the clock forward. */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Back to the system clock. */
    public void reset() {
        offset = Duration.ZERO;
    }
}
