package dev.tightrope.judge.domain;

/**
 * One metric compared: both arms, the effect (canary − stable, in the metric's units: see {@link Metric}), its
 * anytime-valid interval, the tolerance in the same units, and the verdict.
 *
 * @param lower      lower end of the interval for the effect
 * @param upper      upper end
 * @param tolerance  how far the effect may go in the harmful direction before the canary fails
 */
public record MetricComparison(Metric metric, ArmWindow.Sample stable, ArmWindow.Sample canary, double effect,
        double lower, double upper, double tolerance, Verdict verdict) {

    /** Whether neither arm reported anything for this metric (no eval scores, no tool calls). */
    public boolean unreported() {
        return stable.n() == 0 && canary.n() == 0;
    }
}
