package dev.tightrope.rules.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.tightrope.rules.domain.Observation;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleEvaluation;
import dev.tightrope.rules.domain.RuleParser;
import dev.tightrope.rules.domain.RuleStatus;
import dev.tightrope.rules.domain.RuleWindow;
import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.domain.LatencyHistogram;

/**
 * How often a relative trigger rule fires on a canary during the first step of a rollout, from seeded simulations
 * through the rules' own window ({@link RuleWindow}) and state machine ({@link RuleEvaluation}), the way the
 * evaluator runs them: every 5 s, over 10-second buckets (the one filling included), the baseline being the stable
 * arm over the last 5 minutes, read again once a minute. The service has run at a steady rate for 5 minutes before
 * the rollout starts, so the baseline is there from the first look.
 *
 * <p>Each request goes to the canary with the rollout's weight; a request reports task completion with probability
 * {@code completion} (canary: {@code canaryCompletion}) and costs a log-normal amount (median 1 cent, σ
 * {@code costSigma}: LLM costs have a long tail), the canary's times {@code canaryCostFactor}. With the canary equal
 * to the stable version, every firing is a false alarm.
 *
 * <pre>
 *   java … DefaultRulesSimulation [runs=1000] [seed=1] [rate=20] [weight=5] [minutes=10] [completion=0.84]
 *        [canaryCompletion=0.84] [costSigma=1.5] [canaryCostFactor=1] "IF … THEN rollback" …
 * </pre>
 */
public final class DefaultRulesSimulation {

    private static final Duration BUCKET = Duration.ofSeconds(10);
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Duration LONGEST_WINDOW = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The traffic and the effect simulated. */
    public record Parameters(int runs, long seed, double requestsPerSecond, int weightPercent, int minutes,
            double completion, double canaryCompletion, double costSigma, double canaryCostFactor) {

        public static Parameters aa(int runs, long seed) {
            return new Parameters(runs, seed, 20, 5, 10, 0.84, 0.84, 1.5, 1);
        }
    }

    /** Of {@code runs} rollouts, in how many the rule fired, and the median time to its first firing. */
    public record Result(String rule, int runs, int fired, Duration medianTimeToFire) {

        public double firedShare() {
            return (double) fired / runs;
        }
    }

    private DefaultRulesSimulation() {
    }

    public static Result run(String ruleText, Parameters parameters) {
        Rule rule = RuleParser.parse(ruleText);
        int fired = 0;
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < parameters.runs(); run++) {
            long seconds = firstFiring(rule, parameters, new SplittableRandom(parameters.seed() * 1_000_003L + run));
            if (seconds >= 0) {
                fired++;
                times.add(seconds);
            }
        }
        times.sort(Long::compare);
        return new Result(ruleText, parameters.runs(), fired, times.isEmpty() ? null
                : Duration.ofSeconds(times.get(times.size() / 2)));
    }

    /** Seconds from the rollout's start to the rule's first firing, or -1 when it did not fire. */
    private static long firstFiring(Rule rule, Parameters p, SplittableRandom random) {
        int halves = p.minutes() * 12;
        int before = (int) (LONGEST_WINDOW.toSeconds() / EVERY.toSeconds());
        // traffic in 5-second halves of buckets, from 5 minutes before the rollout on
        Half[] stable = new Half[before + halves];
        Half[] canary = new Half[before + halves];
        for (int i = 0; i < stable.length; i++) {
            double weight = i < before ? 0 : p.weightPercent() / 100.0;
            int requests = poisson(random, p.requestsPerSecond() * EVERY.toSeconds());
            int toCanary = binomial(random, requests, weight);
            stable[i] = Half.of(random, requests - toCanary, p.completion(), p.costSigma(), 1);
            canary[i] = Half.of(random, toCanary, p.canaryCompletion(), p.costSigma(), p.canaryCostFactor());
        }
        RuleStatus status = RuleStatus.initial(START);
        BucketStats baseline = null;
        long baselineMinute = -1;
        for (int evaluation = 1; evaluation <= halves; evaluation++) {
            int now = before + evaluation; // halves seen so far
            Instant at = START.plus(EVERY.multipliedBy(evaluation));
            long minute = evaluation * EVERY.toSeconds() / 60;
            if (minute != baselineMinute) {
                baseline = merged(stable, now - before, now);
                baselineMinute = minute;
            }
            double base = Double.NaN;
            if (rule.condition().needsBaseline() && RuleWindow.samples(rule, baseline) >= rule.minSamples()) {
                base = RuleWindow.value(rule.metric(), rule.tool(), baseline, LONGEST_WINDOW.toSeconds());
            }
            Observation observation = RuleWindow.observe(rule, slices(canary, before, now), at, base);
            RuleEvaluation.Step step = RuleEvaluation.next(rule, status, observation, at);
            if (step.fired()) {
                return evaluation * EVERY.toSeconds();
            }
            status = step.status();
        }
        return -1;
    }

    /** The canary's buckets newest first, the one filling included, back to the longest window. */
    private static List<RuleWindow.Slice> slices(Half[] canary, int before, int now) {
        List<RuleWindow.Slice> slices = new ArrayList<>();
        int halvesPerBucket = (int) (BUCKET.toSeconds() / EVERY.toSeconds());
        int filling = (now - 1) / halvesPerBucket; // the bucket of the newest half
        int oldest = Math.max(before / halvesPerBucket,
                filling - (int) (LONGEST_WINDOW.toSeconds() / BUCKET.toSeconds()));
        for (int bucket = filling; bucket >= oldest; bucket--) {
            int from = bucket * halvesPerBucket;
            int to = Math.min(now, from + halvesPerBucket);
            Instant start = START.plus(BUCKET.multipliedBy(bucket - before / halvesPerBucket));
            slices.add(new RuleWindow.Slice(start, merged(canary, Math.max(from, before), to)));
        }
        return slices;
    }

    private static BucketStats merged(Half[] halves, int from, int to) {
        long requests = 0;
        long completions = 0;
        double cost = 0;
        for (int i = Math.max(0, from); i < to; i++) {
            requests += halves[i].requests;
            completions += halves[i].completions;
            cost += halves[i].cost;
        }
        double[] sums = new double[10];
        sums[4] = cost;
        return BucketStats.of(new long[] {requests, 0, completions, requests, 0}, sums, new LatencyHistogram(),
                Map.of());
    }

    private record Half(int requests, int completions, double cost) {

        static Half of(SplittableRandom random, int requests, double completion, double costSigma, double factor) {
            double cost = 0;
            for (int i = 0; i < requests; i++) {
                cost += 0.01 * factor * Math.exp(costSigma * gaussian(random));
            }
            return new Half(requests, binomial(random, requests, completion), cost);
        }
    }

    private static int poisson(SplittableRandom random, double mean) {
        // Knuth's method: fine for the small means of 5-second halves
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static int binomial(SplittableRandom random, int n, double p) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                count++;
            }
        }
        return count;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    public static void main(String[] args) {
        Map<String, String> named = new java.util.HashMap<>();
        List<String> rules = new ArrayList<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0 && !arg.startsWith("IF")) {
                named.put(arg.substring(0, equals), arg.substring(equals + 1));
            } else {
                rules.add(arg);
            }
        }
        Parameters p = new Parameters(Integer.parseInt(named.getOrDefault("runs", "1000")),
                Long.parseLong(named.getOrDefault("seed", "1")),
                Double.parseDouble(named.getOrDefault("rate", "20")),
                Integer.parseInt(named.getOrDefault("weight", "5")),
                Integer.parseInt(named.getOrDefault("minutes", "10")),
                Double.parseDouble(named.getOrDefault("completion", "0.84")),
                Double.parseDouble(named.getOrDefault("canaryCompletion", named.getOrDefault("completion", "0.84"))),
                Double.parseDouble(named.getOrDefault("costSigma", "1.5")),
                Double.parseDouble(named.getOrDefault("canaryCostFactor", "1")));
        System.out.println(p);
        for (String rule : rules) {
            Result result = run(rule, p);
            System.out.printf("%-75s fired in %4d of %d rollouts (%.1f %%), median first firing %s%n", rule,
                    result.fired(), result.runs(), 100 * result.firedShare(), result.medianTimeToFire());
        }
    }
}
