package dev.tightrope.judge.domain;

/**
 * How much worse the canary may be on a metric before it fails: absolute (in the metric's own units: 0.02 is two
 * percentage points of error rate) or relative to the stable arm (0.10 is 10 % slower or dearer). For
 * {@link Metric#LATENCY} a relative tolerance r is compared on the log scale, as ln(1 + r).
 */
public record Tolerance(Kind kind, double amount) {

    public enum Kind { ABSOLUTE, RELATIVE }

    public Tolerance {
        if (!Double.isFinite(amount) || amount < 0) {
            throw new IllegalArgumentException("a tolerance is a finite amount of 0 or more, not " + amount);
        }
    }

    public static Tolerance absolute(double amount) {
        return new Tolerance(Kind.ABSOLUTE, amount);
    }

    public static Tolerance relative(double amount) {
        return new Tolerance(Kind.RELATIVE, amount);
    }

    /** The tolerance in the units of the metric's effect, given the stable arm's mean. */
    double inEffectUnits(Metric metric, double stableMean) {
        if (kind == Kind.ABSOLUTE) {
            return amount;
        }
        return metric == Metric.LATENCY ? Math.log1p(amount) : amount * Math.abs(stableMean);
    }
}
