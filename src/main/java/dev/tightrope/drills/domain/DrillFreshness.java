package dev.tightrope.drills.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * "If you have never tested your rollback, it will not work when you need it": a deployment is <b>overdue</b> when
 * it has no passing drill within {@code maxAge} (30 days by default) of now. A deployment that has never passed a
 * drill is overdue. Example with a 30-day limit, now 2026-12-01T00:00Z: last pass 2026-11-05 → not overdue;
 * 2026-10-31T23:59Z → overdue; none → overdue.
 */
public final class DrillFreshness {

    private DrillFreshness() {
    }

    /** Whether a deployment whose last passing drill finished at {@code lastPassed} (or never: null) is overdue. */
    public static boolean overdue(Instant lastPassed, Instant now, Duration maxAge) {
        return lastPassed == null || lastPassed.isBefore(now.minus(maxAge));
    }
}
