package dev.tightrope.rules.domain;

import java.time.Duration;

/**
 * What a rule sees in its window at one evaluation.
 *
 * @param value    the metric's value in its base unit, NaN when nothing was observed
 * @param samples  outcomes in the window (tool calls for a tool rule)
 * @param baseline the baseline's value, NaN when there is none
 * @param window   how far back the window reaches from now (zero when unknown)
 */
public record Observation(double value, long samples, double baseline, Duration window) {

    public Observation(double value, long samples, double baseline) {
        this(value, samples, baseline, Duration.ZERO);
    }
}
