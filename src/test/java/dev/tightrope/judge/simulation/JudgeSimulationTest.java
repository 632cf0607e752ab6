package dev.tightrope.judge.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

import dev.tightrope.judge.domain.Metric;

/**
 * Small seeded simulations of the judge (plain JUnit, a few seconds): an A/A test whose false FAIL rate must stay
 * below a bound it could exceed, a regressed canary it must catch, and the naive per-look z-test failing the same A/A
 * runs far more often. docs/judge.md has the full-size runs.
 */
class JudgeSimulationTest {

    /** 200 A/A runs of 20 minutes at 20 req/s, 5 % weight, every metric judged with a tolerance of 0. */
    private static final String[] AA = {"--runs", "200", "--seed", "7", "--duration-minutes", "20", "--tolerances",
            "zero", "--threads", "2"};

    @Test
    void anAaCanaryRarelyFailsWhileTheNaiveZTestFailsItOften() throws Exception {
        SimulationResults results = JudgeSimulation.run(SimulationParameters.parse(AA));
        Report report = new Report(results);
        double judgeFalseFail = results.share(report.judgeFalseFailTracks());
        int zError = results.simulator.track(CanarySimulator.Z_TEST, Metric.ERROR_RATE);
        int zCompletion = results.simulator.track(CanarySimulator.Z_TEST, Metric.TASK_COMPLETION);
        double naiveFalseFail = results.share(zError, zCompletion);

        // α = 1 %: 2 % of 200 runs (4) would already be far beyond what the judge allows
        assertThat(judgeFalseFail).isLessThanOrEqualTo(0.02);
        // the z-test at 5 % per look, looked at 120 times: a multiple of its nominal 5 % on each metric
        assertThat(naiveFalseFail).isGreaterThanOrEqualTo(0.15).isGreaterThan(judgeFalseFail + 0.10);
        assertThat(results.share(results.simulator.track(CanarySimulator.SRM, null))).isLessThanOrEqualTo(0.01);
    }

    @Test
    void theBoundCanFail() throws Exception {
        // the same runs judged at α = 0.9 (0.15 per metric): a judge that lax breaks the bound of the test above
        String[] lax = Arrays.copyOf(AA, AA.length + 2);
        lax[AA.length] = "--alpha";
        lax[AA.length + 1] = "0.9";
        SimulationResults results = JudgeSimulation.run(SimulationParameters.parse(lax));
        assertThat(results.share(new Report(results).judgeFalseFailTracks())).isGreaterThan(0.02);
    }

    @Test
    void aCanaryWithSevenTimesTheErrorsFailsWithinAFewHundredCanaryRequests() throws Exception {
        SimulationResults results = JudgeSimulation.run(SimulationParameters.parse("--runs", "200", "--seed", "11",
                "--duration-minutes", "20", "--canary-error", "0.084", "--tolerances", "zero", "--threads", "2"));
        int errors = results.simulator.track(CanarySimulator.JUDGE, Metric.ERROR_RATE);
        assertThat(results.share(errors)).isGreaterThanOrEqualTo(0.95);
        assertThat(results.canaryRequestsQuantile(0.5, errors)).isBetween(150.0, 300.0);
        assertThat(results.canaryRequestsQuantile(0.95, errors)).isLessThanOrEqualTo(500.0);
        assertThat(results.share(new Report(results).judgeFalseFailTracks())).isLessThanOrEqualTo(0.02);
    }

    @Test
    void aCanaryExactlyAtItsTolerancesRarelyPassesOnAnyRate() throws Exception {
        SimulationResults results = JudgeSimulation.run(SimulationParameters.parse("--runs", "200", "--seed", "13",
                "--canary-error", "0.022", "--canary-completion", "0.82", "--canary-tool-error", "0.05",
                "--threads", "2"));
        int[] ratePasses = Stream.of(Metric.ERROR_RATE, Metric.TASK_COMPLETION,
                Metric.TOOL_ERROR_RATE).mapToInt(m -> passTrack(results, CanarySimulator.JUDGE, m)).toArray();
        // a PASS here is false (the harm equals the tolerance); α/M = 0.17 % per metric, three metrics
        assertThat(results.share(ratePasses)).isLessThanOrEqualTo(0.01);
        assertThat(results.share(new Report(results).judgeFalseFailTracks())).isLessThanOrEqualTo(0.02);
        // the same runs judged with each arm's own variance and the two-sided sequence: the test can tell
        int[] before = Stream.of(Metric.ERROR_RATE, Metric.TOOL_ERROR_RATE)
                .mapToInt(m -> passTrack(results, CanarySimulator.TWO_SIDED, m)).toArray();
        assertThat(results.share(before)).isGreaterThan(0.03);
    }

    private static int passTrack(SimulationResults results, String method, Metric metric) {
        for (int i = 0; i < results.simulator.tracks.size(); i++) {
            CanarySimulator.Track track = results.simulator.tracks.get(i);
            if (track.method().equals(method) && track.metric() == metric
                    && track.event() == CanarySimulator.Event.PASS) {
                return i;
            }
        }
        throw new AssertionError("no PASS track of " + method + " on " + metric);
    }

    @Test
    void theCountSamplersHaveTheirMeansAndVariances() {
        SplittableRandom random = new SplittableRandom(3);
        int draws = 100_000;
        double[] binomial = new double[draws];
        double[] poisson = new double[draws];
        double[] largeBinomial = new double[draws / 10];
        for (int i = 0; i < draws; i++) {
            binomial[i] = Sampling.binomial(random, 190, 0.16);
            poisson[i] = Sampling.poisson(random, 200);
        }
        for (int i = 0; i < largeBinomial.length; i++) {
            largeBinomial[i] = Sampling.binomial(random, 100_000, 0.7);
        }
        assertMoments(binomial, 190 * 0.16, 190 * 0.16 * 0.84);
        assertMoments(poisson, 200, 200);
        assertMoments(largeBinomial, 70_000, 100_000 * 0.7 * 0.3);
        assertThat(Sampling.binomial(random, 50, 0)).isZero();
        assertThat(Sampling.binomial(random, 50, 1)).isEqualTo(50);
    }

    private static void assertMoments(double[] values, double mean, double variance) {
        double m = Arrays.stream(values).average().orElseThrow();
        double v = Arrays.stream(values).map(x -> (x - m) * (x - m)).sum() / (values.length - 1);
        assertThat(m).isCloseTo(mean, within(4 * Math.sqrt(variance / values.length)));
        assertThat(v / variance).isCloseTo(1.0, within(0.03));
    }

    @Test
    void theMannWhitneyStatisticIsCommonsMathsAndTheHodgesLehmannEstimateTheMedianDifference() {
        SplittableRandom random = new SplittableRandom(5);
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        for (int trial = 0; trial < 20; trial++) {
            int nc = 5 + trial;
            int ns = 60 + 7 * trial;
            double[] canary = new double[nc];
            double[] stable = new double[ns];
            for (int i = 0; i < nc; i++) {
                canary[i] = Math.exp(7.65 + 0.5 * random.nextGaussian() + 0.1 * trial / 10);
            }
            for (int i = 0; i < ns; i++) {
                stable[i] = Math.exp(7.65 + 0.5 * random.nextGaussian());
            }
            double twoSided = new MannWhitneyUTest().mannWhitneyUTest(canary.clone(), stable.clone());
            double[] sorted = stable.clone();
            Arrays.sort(sorted);
            double z = NaiveTests.mannWhitneyZ(canary, nc, sorted, ns, 0);
            assertThat(2 * normal.cumulativeProbability(-Math.abs(z))).isCloseTo(twoSided, within(1e-9));

            double[] differences = new double[nc * ns];
            int k = 0;
            for (double c : canary) {
                for (double s : stable) {
                    differences[k++] = c - s;
                }
            }
            Arrays.sort(differences);
            assertThat(NaiveTests.hodgesLehmann(canary, nc, sorted, ns))
                    .isCloseTo(differences[(differences.length + 1) / 2 - 1], within(1e-6));
        }
    }

    @Test
    void theTrueMeansFollowFromTheParameters() {
        // E[ln(1 + L)] for a log-normal L of median 2 100 ms is ln 2 100 + E[ln(1 + 1/L)] ≈ ln 2 100 + 1/2 100·e^{σ²/2}
        assertThat(TrueEffects.meanLogOnePlus(Math.log(2100), 0.5)).isCloseTo(Math.log(2100) + 0.00054,
                within(0.00002));
        assertThat(TrueEffects.clippedMean(0.5, 0.1)).isCloseTo(0.5, within(1e-9));
        assertThat(TrueEffects.clippedMean(0.8, 0.15)).isLessThan(0.8).isGreaterThan(0.78);
    }
}
