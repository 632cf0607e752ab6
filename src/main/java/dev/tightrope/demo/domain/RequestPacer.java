package dev.tightrope.demo.domain;

import java.time.Duration;

/**
 * How many requests are due at a steady rate: at 60 a second, 30 in half a second. Fractions are carried over, so
 * over any run the count matches the rate to within one request, whatever the intervals asked about.
 */
public final class RequestPacer {

    private final double perSecond;
    private double carried;

    public RequestPacer(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate is a finite number of requests a second, not " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** The requests due for {@code elapsed} (a negative or zero span: none). */
    public int due(Duration elapsed) {
        if (elapsed.isNegative() || elapsed.isZero()) {
            return 0;
        }
        double exact = carried + perSecond * elapsed.toNanos() / 1e9;
        int whole = (int) Math.floor(exact);
        carried = exact - whole;
        return whole;
    }
}
