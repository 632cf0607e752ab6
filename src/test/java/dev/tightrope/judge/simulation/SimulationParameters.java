package dev.tightrope.judge.simulation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tightrope.judge.domain.JudgeSettings;
import dev.tightrope.judge.domain.Metric;
import dev.tightrope.judge.domain.Tolerance;

/**
 * Every parameter of a simulation, each settable on the command line as {@code --name value}. The canary's rates
 * default to the stable arm's (an A/A test); {@link #DEFAULTS} lists every name with its default.
 */
final class SimulationParameters {

    /** Name → default, in the order they are printed. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        d("label", "unnamed");
        d("runs", "1000");
        d("seed", "42");
        d("threads", "1");
        // traffic
        d("rate", "20");                    // requests per second, both arms together
        d("arrivals", "poisson");           // poisson | fixed
        d("weight", "0.05");                // probability that a request goes to the canary
        d("look-seconds", "10");
        d("duration-minutes", "60");
        // outcomes per request; each canary-… defaults to its stable-…
        d("stable-error", "0.012");
        d("canary-error", "");
        d("completion-reported", "1.0");    // share of requests that report whether the task was completed
        d("stable-completion", "0.84");
        d("canary-completion", "");
        d("stable-latency-ms", "2100");     // median of the log-normal latency
        d("latency-factor", "1.0");         // canary median = stable median × factor
        d("canary-latency-ms", "");         // alternative to latency-factor
        d("latency-sigma", "0.5");          // sd of ln(latency), both arms
        d("stable-cost", "0.01");           // median cost per request (USD), log-normal
        d("cost-factor", "1.0");
        d("cost-sigma", "0.5");
        d("tool-calls", "1.5");             // mean tool calls per request (Poisson)
        d("stable-tool-error", "0.03");
        d("canary-tool-error", "");
        d("eval-share", "0.1");             // share of requests with an eval score
        d("stable-eval", "0.80");           // mean of the eval score before clipping to [0, 1]
        d("canary-eval", "");
        d("eval-sd", "0.15");
        // the judge
        d("metrics", "ERROR_RATE,TASK_COMPLETION,LATENCY,COST_PER_REQUEST,TOOL_ERROR_RATE,EVAL_SCORE");
        d("tolerances", "default");         // default | zero: the base, then each tolerance-… overrides
        d("tolerance-error", "");           // absolute
        d("tolerance-completion", "");      // absolute
        d("tolerance-latency", "");         // relative
        d("tolerance-cost", "");            // relative
        d("tolerance-tool-error", "");      // absolute
        d("tolerance-eval", "");            // absolute
        d("alpha", "0.01");
        d("tuning", "5000");
        d("min-samples", "150");
        d("srm-alpha", "0.001");
        // the naive methods
        d("z-confidence", "0.95");          // one-sided two-proportion z-test per look, cumulative window
        d("mwu-confidence", "0.98");        // two-sided Mann-Whitney U per look, that look's interval only
        d("mwu-min-samples", "5");          // per arm and interval; fewer: that look is not tested
    }

    private static void d(String name, String value) {
        DEFAULTS.put(name, value);
    }

    final Map<String, String> values;

    final String label;
    final int runs;
    final long seed;
    final int threads;
    final double rate;
    final boolean poissonArrivals;
    final double weight;
    final double lookSeconds;
    final int looks;
    final ArmParameters stable;
    final ArmParameters canary;
    final double completionReported;
    final double latencySigma;
    final double costSigma;
    final double toolCalls;
    final double evalShare;
    final double evalSd;
    final Map<Metric, Tolerance> tolerances;
    final JudgeSettings settings;
    final double zConfidence;
    final double mwuConfidence;
    final int mwuMinSamples;

    /** What varies between the arms. */
    record ArmParameters(double error, double completion, double latencyMedianMs, double costMedian, double toolError,
            double evalMean) {
    }

    private SimulationParameters(Map<String, String> values) {
        this.values = values;
        label = values.get("label");
        runs = positiveInt("runs");
        seed = Long.parseLong(values.get("seed"));
        threads = positiveInt("threads");
        rate = number("rate", 0, Double.MAX_VALUE);
        poissonArrivals = switch (values.get("arrivals")) {
            case "poisson" -> true;
            case "fixed" -> false;
            default -> throw new IllegalArgumentException("--arrivals is poisson or fixed");
        };
        weight = number("weight", 0, 1);
        lookSeconds = number("look-seconds", 1e-9, Double.MAX_VALUE);
        looks = (int) Math.round(number("duration-minutes", 0, Double.MAX_VALUE) * 60 / lookSeconds);
        completionReported = number("completion-reported", 0, 1);
        latencySigma = number("latency-sigma", 0, 100);
        costSigma = number("cost-sigma", 0, 100);
        toolCalls = number("tool-calls", 0, 1e6);
        evalShare = number("eval-share", 0, 1);
        evalSd = number("eval-sd", 0, 100);
        double stableLatency = number("stable-latency-ms", 0, Double.MAX_VALUE);
        double canaryLatency = values.get("canary-latency-ms").isEmpty()
                ? stableLatency * number("latency-factor", 0, Double.MAX_VALUE)
                : number("canary-latency-ms", 0, Double.MAX_VALUE);
        double stableCost = number("stable-cost", 0, Double.MAX_VALUE);
        stable = new ArmParameters(number("stable-error", 0, 1), number("stable-completion", 0, 1), stableLatency,
                stableCost, number("stable-tool-error", 0, 1), number("stable-eval", -100, 100));
        canary = new ArmParameters(canaryOr("error", 0, 1), canaryOr("completion", 0, 1), canaryLatency,
                stableCost * number("cost-factor", 0, Double.MAX_VALUE), canaryOr("tool-error", 0, 1),
                canaryOr("eval", -100, 100));
        tolerances = tolerances();
        settings = new JudgeSettings(number("alpha", 0, 1), number("tuning", 1, Double.MAX_VALUE),
                positiveInt("min-samples"), number("srm-alpha", 0, 1));
        zConfidence = number("z-confidence", 0.5, 1);
        mwuConfidence = number("mwu-confidence", 0, 1);
        mwuMinSamples = positiveInt("mwu-min-samples");
    }

    static SimulationParameters parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !DEFAULTS.containsKey(arg.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + arg + "\n" + usage());
            }
            values.put(arg.substring(2), args[++i]);
        }
        return new SimulationParameters(values);
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("options (default):");
        DEFAULTS.forEach((name, value) -> usage.append("\n  --").append(name).append(' ')
                .append(value.isEmpty() ? "(as the stable arm / the base)" : value));
        return usage.toString();
    }

    /** The options as a command line, every value spelt out: running them again gives the same results. */
    String commandLine() {
        List<String> parts = new ArrayList<>();
        values.forEach((name, value) -> {
            if (!value.isEmpty()) {
                parts.add("--" + name + " " + (value.contains(" ") ? "'" + value + "'" : value));
            }
        });
        return String.join(" ", parts);
    }

    private Map<Metric, Tolerance> tolerances() {
        Map<Metric, Tolerance> base = switch (values.get("tolerances")) {
            case "default" -> JudgeSettings.defaultTolerances();
            case "zero" -> {
                Map<Metric, Tolerance> zero = new EnumMap<>(Metric.class);
                JudgeSettings.defaultTolerances().forEach((m, t) -> zero.put(m, new Tolerance(t.kind(), 0)));
                yield zero;
            }
            default -> throw new IllegalArgumentException("--tolerances is default or zero");
        };
        override(base, Metric.ERROR_RATE, "tolerance-error", Tolerance.Kind.ABSOLUTE);
        override(base, Metric.TASK_COMPLETION, "tolerance-completion", Tolerance.Kind.ABSOLUTE);
        override(base, Metric.LATENCY, "tolerance-latency", Tolerance.Kind.RELATIVE);
        override(base, Metric.COST_PER_REQUEST, "tolerance-cost", Tolerance.Kind.RELATIVE);
        override(base, Metric.TOOL_ERROR_RATE, "tolerance-tool-error", Tolerance.Kind.ABSOLUTE);
        override(base, Metric.EVAL_SCORE, "tolerance-eval", Tolerance.Kind.ABSOLUTE);
        Map<Metric, Tolerance> judged = new EnumMap<>(Metric.class);
        for (String name : values.get("metrics").split(",")) {
            Metric metric = Metric.valueOf(name.trim().toUpperCase(Locale.ROOT));
            judged.put(metric, base.get(metric));
        }
        return judged;
    }

    private void override(Map<Metric, Tolerance> tolerances, Metric metric, String name, Tolerance.Kind kind) {
        if (!values.get(name).isEmpty()) {
            tolerances.put(metric, new Tolerance(kind, number(name, 0, Double.MAX_VALUE)));
        }
    }

    private double canaryOr(String name, double min, double max) {
        return values.get("canary-" + name).isEmpty() ? number("stable-" + name, min, max)
                : number("canary-" + name, min, max);
    }

    private double number(String name, double min, double max) {
        double value = Double.parseDouble(values.get(name));
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "], not " + value);
        }
        return value;
    }

    private int positiveInt(String name) {
        int value = Integer.parseInt(values.get(name));
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be ≥ 1");
        }
        return value;
    }
}
