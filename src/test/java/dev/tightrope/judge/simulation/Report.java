package dev.tightrope.judge.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import dev.tightrope.judge.domain.Metric;

/** The markdown tables of one scenario. */
final class Report {

    private final SimulationResults results;
    private final CanarySimulator simulator;
    private final SimulationParameters p;
    private final TrueEffects truth;
    private final StringBuilder out = new StringBuilder();

    Report(SimulationResults results) {
        this.results = results;
        this.simulator = results.simulator;
        this.p = simulator.parameters;
        this.truth = new TrueEffects(p);
    }

    /** Whether the canary's true harm on the metric is beyond its tolerance (a FAIL is then a true one). */
    boolean beyondTolerance(Metric metric) {
        double stableMean = truth.mean(metric, p.stable);
        return truth.harm(metric) > simulator.tolerance(metric, stableMean) + 1e-12;
    }

    /**
     * Whether the canary's true harm is at its tolerance (within 1 % of it, and not beyond): there a PASS is as wrong
     * as a FAIL, since neither "beyond" nor "within" is true.
     */
    boolean atTolerance(Metric metric) {
        double tolerance = simulator.tolerance(metric, truth.mean(metric, p.stable));
        return !beyondTolerance(metric) && tolerance > 0 && truth.harm(metric) >= 0.99 * tolerance;
    }

    /** The judge's per-metric FAIL tracks of the metrics within their tolerance: any of them is a false FAIL. */
    int[] judgeFalseFailTracks() {
        return p.tolerances.keySet().stream().filter(m -> !beyondTolerance(m))
                .mapToInt(m -> simulator.track(CanarySimulator.JUDGE, m)).toArray();
    }

    /** The naive tests' FAIL tracks on metrics within their tolerance. */
    int[] naiveFalseFailTracks() {
        List<Integer> tracks = new ArrayList<>();
        if (!beyondTolerance(Metric.ERROR_RATE)) {
            tracks.add(simulator.track(CanarySimulator.Z_TEST, Metric.ERROR_RATE));
        }
        if (!beyondTolerance(Metric.TASK_COMPLETION)) {
            tracks.add(simulator.track(CanarySimulator.Z_TEST, Metric.TASK_COMPLETION));
        }
        if (!beyondTolerance(Metric.LATENCY)) {
            tracks.add(simulator.track(CanarySimulator.MANN_WHITNEY, Metric.LATENCY));
        }
        return tracks.stream().mapToInt(Integer::intValue).toArray();
    }

    String markdown(double wallSeconds) {
        line("## " + p.label);
        line("");
        line("```");
        line("--args: " + p.commandLine());
        line("```");
        line("");
        line(String.format(Locale.ROOT, "%d runs × %d looks of %s s (%s min); %s arrivals at %s req/s, canary weight "
                + "%s; judge α = %s over %d metrics (α/M = %.6f), N* = %s, min %d per arm; wall time %.1f s.",
                p.runs, p.looks, num(p.lookSeconds), num(p.looks * p.lookSeconds / 60),
                p.poissonArrivals ? "Poisson" : "fixed", num(p.rate), num(p.weight), num(p.settings.alpha()),
                p.tolerances.size(), p.settings.alpha() / Math.max(1, p.tolerances.size()),
                num(p.settings.tuning()), p.settings.minSamplesPerArm(), wallSeconds));
        line("");
        line("| metric | stable | canary | true harm | tolerance | beyond it |");
        line("|---|---|---|---|---|---|");
        for (Metric metric : Metric.values()) {
            boolean judged = p.tolerances.containsKey(metric);
            double stableMean = truth.mean(metric, p.stable);
            line(String.format(Locale.ROOT, "| %s%s | %.4f | %.4f | %+.4f | %s | %s |", metric,
                    judged ? "" : " (not judged)", stableMean, truth.mean(metric, p.canary), truth.harm(metric),
                    fmt4(simulator.tolerance(metric, stableMean)) + (judged ? "" : " (naive tests only)"),
                    beyondTolerance(metric) ? "**yes**" : atTolerance(metric) ? "at it" : "no"));
        }
        line("");
        line("Harm and tolerance in the judge's effect units: rates as differences of proportions, latency as the "
                + "difference of the means of ln(1 + ms), cost in USD, eval score in points; sign such that "
                + "positive is worse.");
        line("");
        line("| method | metric | runs with a FAIL | 95 % CI | canary requests at the first FAIL, median / p95 "
                + "| minutes, median / p95 |");
        line("|---|---|---|---|---|---|");
        for (Metric metric : p.tolerances.keySet()) {
            row(CanarySimulator.JUDGE, metric + (beyondTolerance(metric) ? " (regressed)" : ""),
                    simulator.track(CanarySimulator.JUDGE, metric));
        }
        row(CanarySimulator.JUDGE, "**any metric within its tolerance (false FAIL)**", judgeFalseFailTracks());
        row(CanarySimulator.JUDGE_HELD, "overall (`Judgement.failed()`)",
                simulator.track(CanarySimulator.JUDGE_HELD, null));
        row(CanarySimulator.Z_TEST + " " + pct(p.zConfidence) + " one-sided, every look",
                "ERROR_RATE" + (beyondTolerance(Metric.ERROR_RATE) ? " (regressed)" : ""),
                simulator.track(CanarySimulator.Z_TEST, Metric.ERROR_RATE));
        row(CanarySimulator.Z_TEST + " " + pct(p.zConfidence) + " one-sided, every look",
                "TASK_COMPLETION" + (beyondTolerance(Metric.TASK_COMPLETION) ? " (regressed)" : ""),
                simulator.track(CanarySimulator.Z_TEST, Metric.TASK_COMPLETION));
        row(CanarySimulator.MANN_WHITNEY + " " + pct(p.mwuConfidence) + ", each interval",
                "LATENCY" + (beyondTolerance(Metric.LATENCY) ? " (regressed)" : ""),
                simulator.track(CanarySimulator.MANN_WHITNEY, Metric.LATENCY));
        row(CanarySimulator.PLAIN_SEQUENCE, "ERROR_RATE" + (beyondTolerance(Metric.ERROR_RATE) ? " (regressed)" : ""),
                simulator.track(CanarySimulator.PLAIN_SEQUENCE, Metric.ERROR_RATE));
        row(CanarySimulator.PLAIN_SEQUENCE, "TASK_COMPLETION"
                + (beyondTolerance(Metric.TASK_COMPLETION) ? " (regressed)" : ""),
                simulator.track(CanarySimulator.PLAIN_SEQUENCE, Metric.TASK_COMPLETION));
        for (Metric metric : p.tolerances.keySet()) {
            if (beyondTolerance(metric)) {
                row(CanarySimulator.TWO_SIDED, metric + " (regressed)", simulator.track(CanarySimulator.TWO_SIDED,
                        metric));
            }
        }
        row(CanarySimulator.TWO_SIDED, "**any metric within its tolerance (false FAIL)**",
                p.tolerances.keySet().stream().filter(m -> !beyondTolerance(m))
                        .mapToInt(m -> simulator.track(CanarySimulator.TWO_SIDED, m)).toArray());
        row("naive tests together", "**any metric within its tolerance (false FAIL)**", naiveFalseFailTracks());
        row(CanarySimulator.SRM, "mismatch declared (holds every verdict)",
                simulator.track(CanarySimulator.SRM, null));
        line("");
        line("| method | metric | runs with a PASS | canary requests at the first PASS, median / p95 "
                + "| minutes, median / p95 |");
        line("|---|---|---|---|---|");
        for (int t = 0; t < simulator.tracks.size(); t++) {
            CanarySimulator.Track track = simulator.tracks.get(t);
            if (track.event() == CanarySimulator.Event.PASS) {
                boolean regressed = track.metric() == null ? p.tolerances.keySet().stream()
                        .anyMatch(this::beyondTolerance) : beyondTolerance(track.metric());
                boolean atIt = track.metric() == null ? p.tolerances.keySet().stream().anyMatch(this::atTolerance)
                        : atTolerance(track.metric());
                String metric = (track.metric() == null ? "overall (`Judgement.passed()`)" : track.metricName())
                        + (regressed ? " (regressed: a PASS is false)" : atIt ? " (at its tolerance: a PASS is false)"
                                : "");
                int count = results.count(t);
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s / %s | %s / %s |", track.method(), metric,
                        share(count), requests(0.5, t), requests(0.95, t), minutes(0.5, t), minutes(0.95, t)));
            }
        }
        line("");
        return out.toString();
    }

    private void row(String method, String metric, int... tracks) {
        int count = results.count(tracks);
        double[] ci = SimulationResults.clopperPearson(count, p.runs);
        line(String.format(Locale.ROOT, "| %s | %s | %s | %.2f–%.2f %% | %s / %s | %s / %s |", method, metric,
                share(count), 100 * ci[0], 100 * ci[1], requests(0.5, tracks), requests(0.95, tracks),
                minutes(0.5, tracks), minutes(0.95, tracks)));
    }

    private String share(int count) {
        return String.format(Locale.ROOT, "%.1f %% (%d/%d)", 100.0 * count / p.runs, count, p.runs);
    }

    private String requests(double q, int... tracks) {
        if (tracks.length == 0) {
            return "–";
        }
        double value = results.canaryRequestsQuantile(q, tracks);
        return Double.isInfinite(value) ? "never" : String.format(Locale.ROOT, "%.0f", value);
    }

    private String minutes(double q, int... tracks) {
        if (tracks.length == 0) {
            return "–";
        }
        double value = results.minutesQuantile(q, tracks);
        return Double.isInfinite(value) ? "never" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String pct(double share) {
        return num(100 * share) + " %";
    }

    private static String num(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
    }

    private static String fmt4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }
}
