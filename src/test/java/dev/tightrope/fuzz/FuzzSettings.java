package dev.tightrope.fuzz;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * The knobs of a fuzz run, from system properties (Maven passes {@code -D} options on to the test JVM):
 * {@code tightrope.fuzz.seed} (default: a fresh random seed, printed), {@code tightrope.fuzz.cases} (default
 * {@value #DEFAULT_CASES}, about a minute on two cores) and {@code tightrope.fuzz.max-seconds} (default
 * {@value #DEFAULT_SECONDS}, or 50 ms a case when a case count is given: generation stops then even if cases
 * remain, and the output says so).
 */
record FuzzSettings(long seed, int cases, Duration budget, boolean seedGiven) {

    static final int DEFAULT_CASES = 2_000;
    static final int DEFAULT_SECONDS = 60;

    static FuzzSettings fromSystemProperties() {
        String seed = System.getProperty("tightrope.fuzz.seed", "").trim();
        String cases = System.getProperty("tightrope.fuzz.cases", "").trim();
        String seconds = System.getProperty("tightrope.fuzz.max-seconds", "").trim();
        int count = cases.isEmpty() ? DEFAULT_CASES : Integer.parseInt(cases);
        // a count asked for explicitly gets time for it (50 ms a case, about twice what a case takes on two cores)
        long budget = !seconds.isEmpty() ? Long.parseLong(seconds)
                : cases.isEmpty() ? DEFAULT_SECONDS : Math.max(DEFAULT_SECONDS, count / 20L);
        return new FuzzSettings(seed.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(seed), count,
                Duration.ofSeconds(budget), !seed.isEmpty());
    }
}
