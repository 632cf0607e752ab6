package dev.tightrope.judge.simulation;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.distribution.BetaDistribution;

/** The runs of one scenario, and what follows from them for any set of tracks (the first of them counts). */
final class SimulationResults {

    final CanarySimulator simulator;
    final List<CanarySimulator.RunResult> runs;

    SimulationResults(CanarySimulator simulator, List<CanarySimulator.RunResult> runs) {
        this.simulator = simulator;
        this.runs = runs;
    }

    /** Per run, the first look at which any of the tracks happened, or −1. */
    int[] firstLook(int... tracks) {
        int[] first = new int[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            int best = -1;
            for (int track : tracks) {
                int look = track < 0 ? -1 : runs.get(r).firstLook()[track];
                if (look >= 0 && (best < 0 || look < best)) {
                    best = look;
                }
            }
            first[r] = best;
        }
        return first;
    }

    /** How many runs had any of the tracks. */
    int count(int... tracks) {
        return (int) Arrays.stream(firstLook(tracks)).filter(l -> l >= 0).count();
    }

    double share(int... tracks) {
        return (double) count(tracks) / runs.size();
    }

    /**
     * The q-quantile (nearest rank, over all runs) of the canary requests at the first of the tracks; a run in which
     * none happened counts as infinite, so the result is infinite when fewer than a share q of the runs had one.
     */
    double canaryRequestsQuantile(double q, int... tracks) {
        int[] first = firstLook(tracks);
        double[] values = new double[first.length];
        for (int r = 0; r < first.length; r++) {
            values[r] = first[r] < 0 ? Double.POSITIVE_INFINITY : runs.get(r).canaryRequestsAtLook()[first[r]];
        }
        return quantile(values, q);
    }

    /** The same in minutes from the start of the window (the end of the look). */
    double minutesQuantile(double q, int... tracks) {
        int[] first = firstLook(tracks);
        double[] values = new double[first.length];
        for (int r = 0; r < first.length; r++) {
            values[r] = first[r] < 0 ? Double.POSITIVE_INFINITY
                    : (first[r] + 1) * simulator.parameters.lookSeconds / 60;
        }
        return quantile(values, q);
    }

    private static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The exact (Clopper-Pearson) 95 % interval of a share k/n. */
    static double[] clopperPearson(int k, int n) {
        double lower = k == 0 ? 0 : new BetaDistribution(null, k, n - k + 1).inverseCumulativeProbability(0.025);
        double upper = k == n ? 1 : new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(0.975);
        return new double[] {lower, upper};
    }
}
