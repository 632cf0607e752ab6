package dev.tightrope.judge.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.NormalDistribution;

import dev.tightrope.judge.domain.ArmWindow;
import dev.tightrope.judge.domain.ConfidenceSequence;
import dev.tightrope.judge.domain.Judge;
import dev.tightrope.judge.domain.Judgement;
import dev.tightrope.judge.domain.Metric;
import dev.tightrope.judge.domain.MetricComparison;
import dev.tightrope.judge.domain.Tolerance;
import dev.tightrope.judge.domain.Verdict;

/**
 * Simulates one canary at one weight (one rollout step, one window from its start) and judges it at every look with
 * the judge and, on the same outcomes, with the naive tests. It records the first look at which each of them fails
 * or passes. Nothing stops at a verdict: every run is looked at until its end, the worst case for false alarms.
 */
final class CanarySimulator {

    /** What is recorded per run: the first look (0-based) of each event, −1 for never. */
    enum Event { FAIL, PASS }

    /** One thing watched in every run: a method's FAIL or PASS on a metric (null metric: all of them, overall). */
    record Track(String method, Metric metric, Event event) {
        String metricName() {
            return metric == null ? "overall" : metric.name();
        }
    }

    static final String JUDGE = "judge";
    static final String JUDGE_HELD = "judge, verdict (SRM holds)";
    static final String SRM = "sample-ratio test";
    static final String Z_TEST = "naive z-test";
    static final String MANN_WHITNEY = "Kayenta-style Mann-Whitney";
    static final String PLAIN_SEQUENCE = "plain sequence, p(1 − p) variance";
    static final String TWO_SIDED = "two-sided sequence, own variance (the judge before)";

    /** The first looks of one run, per track, and the canary requests at every look. */
    record RunResult(int[] firstLook, long[] canaryRequestsAtLook) {
    }

    final SimulationParameters parameters;
    final List<Track> tracks = new ArrayList<>();
    private final Judge judge;
    private final List<Metric> metrics;
    private final double zCritical;
    private final double mwuCritical;

    private final int[] judgeFail;
    private final int[] judgePass;
    private final int[] twoSidedFail;
    private final int[] twoSidedPass;
    private final int judgeFailed;
    private final int judgePassed;
    private final int srmMismatch;
    private final int zError;
    private final int zCompletion;
    private final int mwuLatency;
    private final int plainError;
    private final int plainCompletion;

    CanarySimulator(SimulationParameters parameters) {
        this.parameters = parameters;
        this.judge = new Judge(parameters.settings);
        this.metrics = List.copyOf(parameters.tolerances.keySet());
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        this.zCritical = normal.inverseCumulativeProbability(parameters.zConfidence);
        this.mwuCritical = normal.inverseCumulativeProbability(1 - (1 - parameters.mwuConfidence) / 2);
        judgeFail = new int[Metric.values().length];
        judgePass = new int[Metric.values().length];
        Arrays.fill(judgeFail, -1);
        Arrays.fill(judgePass, -1);
        for (Metric metric : metrics) {
            judgeFail[metric.ordinal()] = track(JUDGE, metric, Event.FAIL);
        }
        for (Metric metric : metrics) {
            judgePass[metric.ordinal()] = track(JUDGE, metric, Event.PASS);
        }
        twoSidedFail = new int[Metric.values().length];
        twoSidedPass = new int[Metric.values().length];
        Arrays.fill(twoSidedFail, -1);
        Arrays.fill(twoSidedPass, -1);
        for (Metric metric : metrics) {
            twoSidedFail[metric.ordinal()] = track(TWO_SIDED, metric, Event.FAIL);
        }
        for (Metric metric : metrics) {
            twoSidedPass[metric.ordinal()] = track(TWO_SIDED, metric, Event.PASS);
        }
        judgeFailed = track(JUDGE_HELD, null, Event.FAIL);
        judgePassed = track(JUDGE_HELD, null, Event.PASS);
        srmMismatch = track(SRM, null, Event.FAIL);
        zError = track(Z_TEST, Metric.ERROR_RATE, Event.FAIL);
        zCompletion = track(Z_TEST, Metric.TASK_COMPLETION, Event.FAIL);
        mwuLatency = track(MANN_WHITNEY, Metric.LATENCY, Event.FAIL);
        plainError = track(PLAIN_SEQUENCE, Metric.ERROR_RATE, Event.FAIL);
        plainCompletion = track(PLAIN_SEQUENCE, Metric.TASK_COMPLETION, Event.FAIL);
    }

    private int track(String method, Metric metric, Event event) {
        tracks.add(new Track(method, metric, event));
        return tracks.size() - 1;
    }

    int track(String method, Metric metric) {
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (t.method().equals(method) && t.metric() == metric && t.event() == Event.FAIL) {
                return i;
            }
        }
        return -1;
    }

    /** The random numbers of run i depend on the seed and i only, so results do not depend on the threads. */
    static SplittableRandom randomOfRun(long seed, int run) {
        long z = seed + (run + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    RunResult simulate(int run) {
        SimulationParameters p = parameters;
        SplittableRandom random = randomOfRun(p.seed, run);
        ArmAccumulator stable = new ArmAccumulator();
        ArmAccumulator canary = new ArmAccumulator();
        int[] first = new int[tracks.size()];
        Arrays.fill(first, -1);
        long[] canaryAtLook = new long[p.looks];
        double perLook = p.rate * p.lookSeconds;
        long arrived = 0;
        // Kayenta's effect-size threshold from the judge's latency tolerance: +10 % is a ratio of means of 1.1
        double allowedIncrease = Math.exp(tolerance(Metric.LATENCY, 0));
        double[] canaryBuffer = new double[0];
        double[] stableBuffer = new double[0];
        for (int look = 0; look < p.looks; look++) {
            long arrivals;
            if (p.poissonArrivals) {
                arrivals = Sampling.poisson(random, perLook);
            } else {
                arrivals = Math.round(perLook * (look + 1)) - arrived;
            }
            arrived += arrivals;
            long toCanary = Sampling.binomial(random, arrivals, p.weight);
            stable.add(random, arrivals - toCanary, p.stable, p);
            canary.add(random, toCanary, p.canary, p);
            canaryAtLook[look] = canary.requests;

            ArmWindow s = stable.window();
            ArmWindow c = canary.window();
            Judgement judgement = judge.compare(s, c, p.weight, p.tolerances);
            for (MetricComparison comparison : judgement.metrics()) {
                int m = comparison.metric().ordinal();
                if (comparison.verdict() == Verdict.FAIL) {
                    mark(first, judgeFail[m], look);
                } else if (comparison.verdict() == Verdict.PASS) {
                    mark(first, judgePass[m], look);
                }
                if (comparison.verdict() != Verdict.INSUFFICIENT_DATA) {
                    Verdict before = twoSidedVerdict(comparison);
                    if (before == Verdict.FAIL) {
                        mark(first, twoSidedFail[m], look);
                    } else if (before == Verdict.PASS) {
                        mark(first, twoSidedPass[m], look);
                    }
                }
            }
            if (judgement.failed()) {
                mark(first, judgeFailed, look);
            }
            if (judgement.passed()) {
                mark(first, judgePassed, look);
            }
            if (judgement.sampleRatio().mismatch()) {
                mark(first, srmMismatch, look);
            }

            long min = p.settings.minSamplesPerArm();
            if (s.requests() >= min && c.requests() >= min
                    && NaiveTests.proportionZ(s.errors(), s.requests(), c.errors(), c.requests(),
                            Metric.ERROR_RATE.harmSign(), tolerance(Metric.ERROR_RATE, s.sample(Metric.ERROR_RATE)
                                    .mean())) > zCritical) {
                mark(first, zError, look);
            }
            if (s.completionReported() >= min && c.completionReported() >= min
                    && NaiveTests.proportionZ(s.completions(), s.completionReported(), c.completions(),
                            c.completionReported(), Metric.TASK_COMPLETION.harmSign(), tolerance(
                                    Metric.TASK_COMPLETION, s.sample(Metric.TASK_COMPLETION).mean())) > zCritical) {
                mark(first, zCompletion, look);
            }
            if (s.requests() >= min && c.requests() >= min && plainSequenceFails(s.errors(), s.requests(),
                    c.errors(), c.requests(), Metric.ERROR_RATE)) {
                mark(first, plainError, look);
            }
            if (s.completionReported() >= min && c.completionReported() >= min && plainSequenceFails(
                    s.completions(), s.completionReported(), c.completions(), c.completionReported(),
                    Metric.TASK_COMPLETION)) {
                mark(first, plainCompletion, look);
            }
            if (stable.lookLatencyCount >= p.mwuMinSamples && canary.lookLatencyCount >= p.mwuMinSamples) {
                canaryBuffer = rawLatencies(canary, canaryBuffer);
                stableBuffer = rawLatencies(stable, stableBuffer);
                if (NaiveTests.kayentaHigh(canaryBuffer, canary.lookLatencyCount, stableBuffer,
                        stable.lookLatencyCount, mwuCritical, allowedIncrease)) {
                    mark(first, mwuLatency, look);
                }
            }
        }
        return new RunResult(first, canaryAtLook);
    }

    /**
     * The judge's decision with the textbook variance p(1 − p) of each arm instead of the judge's p̃(1 − p̃), p̃ =
     * (x + 1)/(n + 2): the plain confidence sequence, for comparison (same α/M, N*, minimum and tolerance).
     */
    private boolean plainSequenceFails(long stableSuccesses, long stableN, long canarySuccesses, long canaryN,
            Metric metric) {
        double ps = (double) stableSuccesses / stableN;
        double pc = (double) canarySuccesses / canaryN;
        double variance = pc * (1 - pc) / canaryN + ps * (1 - ps) / stableN;
        double alpha = parameters.settings.alpha() / Math.max(1, parameters.tolerances.size());
        double width = ConfidenceSequence.halfWidth(variance, stableN + canaryN, alpha, parameters.settings.tuning());
        return metric.harmSign() * (pc - ps) - width > tolerance(metric, ps);
    }

    /**
     * The verdict of the judge as it was before it used one-sided bounds and the tolerance-edge variance: the
     * two-sided half-width at α/M with each arm's own variance (same samples, α/M, ρ and tolerance).
     */
    private Verdict twoSidedVerdict(MetricComparison comparison) {
        ArmWindow.Sample stable = comparison.stable();
        ArmWindow.Sample canary = comparison.canary();
        double variance = canary.variance() / canary.n() + stable.variance() / stable.n();
        double alpha = parameters.settings.alpha() / Math.max(1, parameters.tolerances.size());
        double width = ConfidenceSequence.halfWidth(variance, stable.n() + canary.n(), alpha,
                parameters.settings.tuning());
        double harm = comparison.metric().harmSign() * comparison.effect();
        return harm - width > comparison.tolerance() ? Verdict.FAIL
                : harm + width < comparison.tolerance() ? Verdict.PASS : Verdict.INCONCLUSIVE;
    }

    /** The latencies in ms of the arm's latest look (Kayenta compares raw values), in a buffer grown as needed. */
    private static double[] rawLatencies(ArmAccumulator arm, double[] buffer) {
        double[] raw = buffer.length >= arm.lookLatencyCount ? buffer : new double[arm.lookLatencies.length];
        for (int i = 0; i < arm.lookLatencyCount; i++) {
            raw[i] = Math.expm1(arm.lookLatencies[i]);
        }
        return raw;
    }

    private static void mark(int[] first, int track, int look) {
        if (track >= 0 && first[track] < 0) {
            first[track] = look;
        }
    }

    /**
     * A metric's tolerance in effect units, as the judge computes it (relative: on the log scale for latency, else
     * times the stable mean); the default plan's tolerance for a metric that is not judged.
     */
    double tolerance(Metric metric, double stableMean) {
        Tolerance tolerance = parameters.tolerances.get(metric);
        if (tolerance == null) {
            tolerance = dev.tightrope.judge.domain.JudgeSettings.defaultTolerances().get(metric);
        }
        if (tolerance.kind() == Tolerance.Kind.ABSOLUTE) {
            return tolerance.amount();
        }
        return metric == Metric.LATENCY ? Math.log1p(tolerance.amount()) : tolerance.amount() * Math.abs(stableMean);
    }
}
