package dev.tightrope.rules.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.TrafficSplit;
import dev.tightrope.rules.domain.Observation;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleMetric;
import dev.tightrope.rules.domain.RuleWindow;
import dev.tightrope.rules.persistence.StoredRule;
import dev.tightrope.telemetry.application.OutcomeWindows;
import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.domain.OutcomeRange;
import dev.tightrope.telemetry.domain.TimedBucket;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What the rules of every deployment read at one pass, in two queries for all deployments together (their recent
 * buckets one by one, their baselines as totals). The subject is the canary during a rollout (the change being
 * watched) and the stable version otherwise. The baseline of relative rules ({@code DROPS}, {@code RISES},
 * {@code x BASELINE}):
 * <ol>
 * <li>during a rollout, the stable arm over the longest window;</li>
 * <li>otherwise, the previous stable version's figures over the hour before the current one went live (read from
 * its buckets, so they are there for the outcome retention, 14 days by default);</li>
 * <li>when there is no previous version, or it has too few outcomes there, the stable version's own figures over
 * the hour before the current window (its trailing baseline).</li>
 * </ol>
 * A baseline with fewer outcomes than a rule's {@code MIN_SAMPLES} counts as none, and a relative rule without one
 * does not fire.
 *
 * <p>Baselines change slowly (an hour of figures, or a past version's), so each deployment's is computed at most
 * once a minute and kept for its generation; the deployments' minutes are staggered by their id, so a pass
 * recomputes about a twelfth of them rather than all of them every minute.
 */
@ApplicationScoped
public class DeploymentWindows {

    /** Passes per minute at the default interval: the stagger of the baselines' minutes. */
    private static final int STAGGER = 12;

    private final OutcomeWindows windows;
    private final GoLives goLives;
    private final RulesConfig config;
    private final Cache<BaselineKey, BucketStats> baselines = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(2)).build();

    /** A deployment's baseline for one generation and one (staggered) minute. */
    private record BaselineKey(long deploymentId, long generation, long minute) {
        static BaselineKey of(RoutingTable table, Instant now) {
            long offset = Math.floorMod(table.deploymentId(), STAGGER) * (60L / STAGGER);
            return new BaselineKey(table.deploymentId(), table.generation(), (now.getEpochSecond() + offset) / 60);
        }
    }

    DeploymentWindows(OutcomeWindows windows, GoLives goLives, RulesConfig config) {
        this.windows = windows;
        this.goLives = goLives;
        this.config = config;
    }

    /** A deployment and the rules to evaluate on it (parsed, and as stored, in the same order). */
    public record Subject(RoutingTable table, List<Rule> rules, List<StoredRule> stored) {
    }

    /** One deployment's buckets for this pass. */
    public record Window(int subjectVersion, List<RuleWindow.Slice> subject, BucketStats baseline,
            double baselineSeconds) {

        public Observation observe(Rule rule, Instant now) {
            double base = Double.NaN;
            if (rule.condition().needsBaseline() && RuleWindow.samples(rule, baseline) >= rule.minSamples()) {
                base = RuleWindow.value(rule.metric(), rule.tool(), baseline, baselineSeconds);
            }
            return RuleWindow.observe(rule, subject, now, base);
        }

        /** What the rule sees over the buckets that started at or after {@code since} only (a half-open breaker). */
        public Observation observeSince(Rule rule, Instant since, Instant now) {
            return RuleWindow.observe(rule, subject.stream().filter(slice -> !slice.start().isBefore(since))
                    .toList(), now, Double.NaN);
        }
    }

    /** The windows of these deployments, in their order. */
    public Uni<List<Window>> read(List<Subject> subjects, Instant now) {
        return goLivesOf(subjects).chain(goLive -> {
            Plan plan = new Plan(subjects, goLive, now);
            return windows.buckets(plan.bucketRanges).chain(buckets -> windows.sums(plan.sumRanges)
                    .map(sums -> plan.assemble(buckets, sums)));
        });
    }

    /** For each subject without a rollout and with a relative rule, when its stable version went live. */
    private Uni<List<GoLives.GoLive>> goLivesOf(List<Subject> subjects) {
        return Multi.createFrom().iterable(subjects).onItem().transformToUniAndConcatenate(subject ->
                rollout(subject.table()) || !needsBaseline(subject.rules()) ? Uni.createFrom().item(NO_GO_LIVE)
                        : goLives.of(subject.table()).map(goLive -> goLive == null ? NO_GO_LIVE : goLive))
                .collect().asList()
                .map(list -> list.stream().map(goLive -> goLive == NO_GO_LIVE ? null : goLive).toList());
    }

    private static final GoLives.GoLive NO_GO_LIVE = new GoLives.GoLive(0, Instant.EPOCH);

    /** Which ranges one pass reads, and where each subject's parts are in the answers. */
    private final class Plan {
        final List<Subject> subjects;
        final List<OutcomeRange> bucketRanges = new ArrayList<>();
        final List<OutcomeRange> sumRanges = new ArrayList<>();
        /** Per subject: its buckets' index, and its baselines' indexes (in sums, or in buckets when negative). */
        final int[] subjectAt;
        final BucketStats[] cached;
        final BaselineKey[] keys;
        final int[] baselineAt;
        final int[] fallbackAt;
        final double[] baselineSeconds;

        Plan(List<Subject> subjects, List<GoLives.GoLive> goLive, Instant now) {
            this.subjects = subjects;
            int n = subjects.size();
            subjectAt = new int[n];
            baselineAt = new int[n];
            fallbackAt = new int[n];
            baselineSeconds = new double[n];
            cached = new BucketStats[n];
            keys = new BaselineKey[n];
            Duration span = config.maxWindow();
            Duration trailing = config.trailingBaseline();
            Instant end = windows.endOfBucket(now);
            for (int i = 0; i < n; i++) {
                RoutingTable table = subjects.get(i).table();
                List<Rule> rules = subjects.get(i).rules();
                TrafficSplit split = table.split();
                boolean rollout = rollout(table);
                boolean tools = rules.stream().anyMatch(rule -> rule.tool() != null);
                boolean histograms = rules.stream().anyMatch(rule -> percentile(rule.metric()));
                int version = rollout ? split.canaryVersion() : split.stableVersion();
                subjectAt[i] = add(bucketRanges, new OutcomeRange(table.deploymentId(), version,
                        rollout ? Arm.CANARY : Arm.STABLE, end.minus(span), end, tools, histograms));
                baselineAt[i] = Integer.MIN_VALUE;
                fallbackAt[i] = Integer.MIN_VALUE;
                if (!needsBaseline(rules)) {
                    continue;
                }
                baselineSeconds[i] = (rollout ? span : trailing).toSeconds();
                keys[i] = BaselineKey.of(table, now);
                cached[i] = baselines.getIfPresent(keys[i]);
                if (cached[i] != null) {
                    continue;
                }
                boolean relativePercentile = rules.stream().anyMatch(rule -> rule.condition().needsBaseline()
                        && percentile(rule.metric()));
                if (rollout) {
                    baselineAt[i] = baseline(new OutcomeRange(table.deploymentId(), split.stableVersion(), Arm.STABLE,
                            end.minus(span), end, tools, relativePercentile));
                    continue;
                }
                GoLives.GoLive live = goLive.get(i);
                if (live != null) {
                    Instant before = windows.endOfBucket(live.at().minus(windows.bucketWidth()));
                    baselineAt[i] = baseline(new OutcomeRange(table.deploymentId(), live.previousVersion(),
                            Arm.STABLE, before.minus(trailing), before, tools, relativePercentile));
                }
                Instant trailingEnd = end.minus(span);
                fallbackAt[i] = baseline(new OutcomeRange(table.deploymentId(), split.stableVersion(), Arm.STABLE,
                        trailingEnd.minus(trailing), trailingEnd, tools, relativePercentile));
            }
        }

        /** A baseline range: summed by the database, unless it needs histograms (then read bucket by bucket). */
        private int baseline(OutcomeRange range) {
            return range.histograms() ? -1 - add(bucketRanges, range) : add(sumRanges, range);
        }

        List<Window> assemble(List<List<TimedBucket>> buckets, List<BucketStats> sums) {
            List<Window> result = new ArrayList<>(subjects.size());
            for (int i = 0; i < subjects.size(); i++) {
                RoutingTable table = subjects.get(i).table();
                List<RuleWindow.Slice> slices = buckets.get(subjectAt[i]).stream()
                        .map(bucket -> new RuleWindow.Slice(bucket.start(), bucket.stats())).toList();
                BucketStats baseline = cached[i];
                if (baseline == null) {
                    baseline = part(buckets, sums, baselineAt[i]);
                    if (!enough(baseline, subjects.get(i).rules())) {
                        BucketStats fallback = part(buckets, sums, fallbackAt[i]);
                        if (fallback.requests() > 0) {
                            baseline = fallback;
                        }
                    }
                    if (keys[i] != null) {
                        baselines.put(keys[i], baseline);
                    }
                }
                TrafficSplit split = table.split();
                result.add(new Window(rollout(table) ? split.canaryVersion() : split.stableVersion(), slices,
                        baseline, baselineSeconds[i]));
            }
            return result;
        }

        private BucketStats part(List<List<TimedBucket>> buckets, List<BucketStats> sums, int at) {
            if (at == Integer.MIN_VALUE) {
                return new BucketStats();
            }
            if (at >= 0) {
                return sums.get(at);
            }
            BucketStats merged = new BucketStats();
            buckets.get(-1 - at).forEach(bucket -> merged.add(bucket.stats()));
            return merged;
        }
    }

    private static int add(List<OutcomeRange> ranges, OutcomeRange range) {
        ranges.add(range);
        return ranges.size() - 1;
    }

    private static boolean rollout(RoutingTable table) {
        return table.split().rolloutId() != null && table.split().canaryVersion() != null;
    }

    private static boolean needsBaseline(List<Rule> rules) {
        return rules.stream().anyMatch(rule -> rule.condition().needsBaseline());
    }

    private static boolean percentile(RuleMetric metric) {
        return metric == RuleMetric.P50_LATENCY || metric == RuleMetric.P95_LATENCY
                || metric == RuleMetric.P99_LATENCY;
    }

    /** Whether these figures can serve every relative rule of the deployment. */
    private static boolean enough(BucketStats stats, List<Rule> rules) {
        return rules.stream().filter(rule -> rule.condition().needsBaseline())
                .allMatch(rule -> RuleWindow.samples(rule, stats) >= rule.minSamples());
    }
}
