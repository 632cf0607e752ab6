package dev.tightrope.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Jittered exponential backoff, the one retry policy of the SDK: stream reconnects, polls, acknowledgements and
 * outcome batches.
 *
 * <p>{@code delay(n)}, for the n-th consecutive failure counted from 0, is drawn uniformly from {@code [d/2, d]}
 * with {@code d = min(maximum, initial × multiplier^n)} ("equal jitter"): it grows exponentially, never exceeds the
 * maximum, and spreads runtimes that failed together (a server restart) over time instead of having them all
 * reconnect in the same instant. With the defaults (500 ms, ×2, 30 s): 250–500 ms, 0.5–1 s, 1–2 s, … 15–30 s.
 */
public final class Backoff {

    private final double initialMs;
    private final double maximumMs;
    private final double multiplier;
    private final DoubleSupplier random;

    /** 500 ms doubling up to 30 s, as the other SDKs. */
    public Backoff() {
        this(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public Backoff(Duration initial, Duration maximum) {
        this(initial, maximum, 2.0, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param random numbers in [0, 1) (tests pass their own)
     * @throws IllegalArgumentException unless 0 &lt; initial ≤ maximum and multiplier ≥ 1
     */
    public Backoff(Duration initial, Duration maximum, double multiplier, DoubleSupplier random) {
        if (initial == null || maximum == null || initial.isNegative() || initial.isZero()
                || maximum.compareTo(initial) < 0 || !(multiplier >= 1) || random == null) {
            throw new IllegalArgumentException("Backoff needs 0 < initial <= maximum and multiplier >= 1, was "
                    + initial + ", " + maximum + ", " + multiplier);
        }
        this.initialMs = initial.toNanos() / 1e6;
        this.maximumMs = maximum.toNanos() / 1e6;
        this.multiplier = multiplier;
        this.random = random;
    }

    /** The largest delay after {@code failures} consecutive failures, before jitter. */
    public Duration ceiling(int failures) {
        return millis(ceilingMs(failures));
    }

    /** How long to wait after {@code failures} consecutive failures (0: after the first). */
    public Duration delay(int failures) {
        double ceiling = ceilingMs(failures);
        return millis(ceiling / 2 + random.getAsDouble() * ceiling / 2);
    }

    private double ceilingMs(int failures) {
        int exponent = Math.min(Math.max(0, failures), 64);
        return Math.min(maximumMs, initialMs * Math.pow(multiplier, exponent));
    }

    private static Duration millis(double ms) {
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
