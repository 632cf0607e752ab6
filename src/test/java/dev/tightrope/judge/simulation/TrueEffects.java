package dev.tightrope.judge.simulation;

import org.apache.commons.math3.distribution.NormalDistribution;

import dev.tightrope.judge.domain.Metric;

/**
 * The true means of each metric on both arms, from the simulation's parameters, and so the true harm of the canary
 * (in the judge's effect units) to compare with the tolerance: a FAIL on a metric whose true harm is within its
 * tolerance is a false FAIL.
 */
final class TrueEffects {

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private final SimulationParameters parameters;

    TrueEffects(SimulationParameters parameters) {
        this.parameters = parameters;
    }

    double mean(Metric metric, SimulationParameters.ArmParameters arm) {
        SimulationParameters p = parameters;
        return switch (metric) {
            case ERROR_RATE -> arm.error();
            case TASK_COMPLETION -> arm.completion();
            case LATENCY -> meanLogOnePlus(Math.log(arm.latencyMedianMs()), p.latencySigma);
            case COST_PER_REQUEST -> arm.costMedian() * Math.exp(p.costSigma * p.costSigma / 2);
            case TOOL_ERROR_RATE -> arm.toolError();
            case EVAL_SCORE -> clippedMean(arm.evalMean(), p.evalSd);
        };
    }

    /** sign · (canary − stable) of the true means. */
    double harm(Metric metric) {
        return metric.harmSign() * (mean(metric, parameters.canary) - mean(metric, parameters.stable));
    }

    /** E[ln(1 + e^(μ + σZ))], by Simpson's rule over z in [−10, 10]. */
    static double meanLogOnePlus(double mu, double sigma) {
        if (Double.isInfinite(mu)) {
            return 0;
        }
        int steps = 4000;
        double h = 20.0 / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double z = -10 + i * h;
            double x = mu + sigma * z;
            double f = (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))) * NORMAL.density(z);
            sum += (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return sum * h / 3;
    }

    /** E[min(1, max(0, m + sZ))]. */
    static double clippedMean(double m, double s) {
        if (s == 0) {
            return Math.min(1, Math.max(0, m));
        }
        double a = (0 - m) / s;
        double b = (1 - m) / s;
        double inside = m * (NORMAL.cumulativeProbability(b) - NORMAL.cumulativeProbability(a))
                + s * (NORMAL.density(a) - NORMAL.density(b));
        return inside + (1 - NORMAL.cumulativeProbability(b));
    }
}
