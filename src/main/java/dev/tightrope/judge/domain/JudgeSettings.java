package dev.tightrope.judge.domain;

import java.util.EnumMap;
import java.util.Map;

/**
 * How strict the judge is.
 *
 * @param alpha            the chance, over all looks and all metrics together, of failing a canary that is not
 *                         worse than its tolerances; split evenly across the judged metrics (Bonferroni). 0.01
 * @param tuning           N*, the total sample size (both arms) at which the confidence sequences are tightest; near
 *                         the sample a decision typically needs. 5 000 (GrowthBook's default)
 * @param minSamplesPerArm fewer on either arm is {@link Verdict#INSUFFICIENT_DATA}. 150 (as GrowthBook)
 * @param srmAlpha         the chance of declaring a sample-ratio mismatch that is not there, over all looks. 0.001
 */
public record JudgeSettings(double alpha, double tuning, long minSamplesPerArm, double srmAlpha) {

    public static final JudgeSettings DEFAULTS = new JudgeSettings(0.01, 5_000, 150, 0.001);

    public JudgeSettings {
        if (!(alpha > 0 && alpha < 1) || !(srmAlpha > 0 && srmAlpha < 1) || !(tuning >= 1) || minSamplesPerArm < 1) {
            throw new IllegalArgumentException("alpha and srmAlpha in (0, 1), tuning ≥ 1, minSamplesPerArm ≥ 1");
        }
    }

    /**
     * The default plan's tolerances: how much worse a canary may be before it fails. Latency +10 % and cost +20 %
     * relative to the stable arm; error rate +1, task completion −2, tool error rate +2 percentage points; eval score
     * −0.02.
     */
    public static Map<Metric, Tolerance> defaultTolerances() {
        Map<Metric, Tolerance> tolerances = new EnumMap<>(Metric.class);
        tolerances.put(Metric.ERROR_RATE, Tolerance.absolute(0.01));
        tolerances.put(Metric.TASK_COMPLETION, Tolerance.absolute(0.02));
        tolerances.put(Metric.LATENCY, Tolerance.relative(0.10));
        tolerances.put(Metric.COST_PER_REQUEST, Tolerance.relative(0.20));
        tolerances.put(Metric.TOOL_ERROR_RATE, Tolerance.absolute(0.02));
        tolerances.put(Metric.EVAL_SCORE, Tolerance.absolute(0.02));
        return tolerances;
    }
}
