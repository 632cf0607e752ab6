package dev.tightrope.rules.domain;

/**
 * When a rule's metric is bad. Three forms:
 * <ul>
 * <li>{@link Threshold}: against a fixed value, in the metric's own unit ({@code error_rate > 15%} is 0.15).</li>
 * <li>{@link Change}: relative to the baseline ({@code task_completion_rate DROPS > 20%}: the value is more than
 * 20 % below the baseline's; {@code RISES} above it).</li>
 * <li>{@link BaselineMultiple}: a multiple of the baseline ({@code cost_per_request > 3x BASELINE}).</li>
 * </ul>
 * Values are in the metric's base unit: rates and scores as fractions, latencies in ms, cost in USD, request rates
 * per second.
 */
public sealed interface Condition {

    /** Whether the condition needs a baseline to be evaluated. */
    boolean needsBaseline();

    /**
     * Whether the observed value is bad.
     *
     * @param baseline the baseline's value, or NaN when there is none (then a relative condition does not hold)
     */
    boolean holds(double value, double baseline);

    /** {@code value op threshold}. */
    record Threshold(Operator operator, double threshold) implements Condition {
        public boolean needsBaseline() {
            return false;
        }

        public boolean holds(double value, double baseline) {
            return operator.holds(value, threshold);
        }
    }

    /** {@code DROPS op p%} or {@code RISES op p%}: the relative change from the baseline, p as a fraction. */
    record Change(boolean drops, Operator operator, double fraction) implements Condition {
        public boolean needsBaseline() {
            return true;
        }

        public boolean holds(double value, double baseline) {
            if (!(baseline > 0)) {
                return false;
            }
            double change = drops ? (baseline - value) / baseline : (value - baseline) / baseline;
            return operator.holds(change, fraction);
        }
    }

    /** {@code op Nx BASELINE}. */
    record BaselineMultiple(Operator operator, double factor) implements Condition {
        public boolean needsBaseline() {
            return true;
        }

        public boolean holds(double value, double baseline) {
            return !Double.isNaN(baseline) && baseline > 0 && operator.holds(value, factor * baseline);
        }
    }
}
