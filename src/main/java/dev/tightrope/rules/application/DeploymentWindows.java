package dev.tightrope.rules.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.domain.Arm;
import dev.tightrope.release.domain.TrafficSplit;
import dev.tightrope.rules.domain.Observation;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleMetric;
import dev.tightrope.rules.domain.RuleWindow;
import dev.tightrope.telemetry.application.OutcomeWindows;
import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.persistence.OutcomeWindowStore;
import io.smallrye.mutiny.Uni;

/**
 * What the rules of one deployment read at one pass. The subject is the canary during a rollout (the change being
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
 */
@ApplicationScoped
public class DeploymentWindows {

    private final OutcomeWindows windows;
    private final GoLives goLives;
    private final RulesConfig config;

    DeploymentWindows(OutcomeWindows windows, GoLives goLives, RulesConfig config) {
        this.windows = windows;
        this.goLives = goLives;
        this.config = config;
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
    }

    public Uni<Window> read(RoutingTable table, List<Rule> rules, Instant now) {
        TrafficSplit split = table.split();
        boolean rollout = split.rolloutId() != null && split.canaryVersion() != null;
        boolean histograms = rules.stream().anyMatch(rule -> rule.metric() == RuleMetric.P50_LATENCY
                || rule.metric() == RuleMetric.P95_LATENCY || rule.metric() == RuleMetric.P99_LATENCY);
        boolean baseline = rules.stream().anyMatch(rule -> rule.condition().needsBaseline());
        int version = rollout ? split.canaryVersion() : split.stableVersion();
        Duration span = config.maxWindow();
        Uni<List<OutcomeWindowStore.TimedBucket>> subject = windows.recent(table.deploymentId(), version,
                rollout ? Arm.CANARY : Arm.STABLE, now, span, histograms);
        Duration trailing = config.trailingBaseline();
        Uni<BucketStats> base = !baseline ? Uni.createFrom().item(new BucketStats())
                : rollout ? merged(windows.recent(table.deploymentId(), split.stableVersion(), Arm.STABLE, now, span,
                        histograms))
                        : goLives.of(table).chain(goLive -> goLive == null ? Uni.createFrom().item(new BucketStats())
                                : merged(windows.recent(table.deploymentId(), goLive.previousVersion(), Arm.STABLE,
                                        goLive.at().minus(windows.bucketWidth()), trailing, histograms)))
                                .chain(previous -> enough(previous, rules) ? Uni.createFrom().item(previous)
                                        : merged(windows.recent(table.deploymentId(), split.stableVersion(),
                                                Arm.STABLE, now.minus(span), trailing, histograms)));
        double baseSeconds = (rollout ? span : trailing).toSeconds();
        return subject.chain(slices -> base.map(merged -> new Window(version, slices.stream()
                .map(slice -> new RuleWindow.Slice(slice.start(), slice.stats())).toList(), merged, baseSeconds)));
    }

    private static Uni<BucketStats> merged(Uni<List<OutcomeWindowStore.TimedBucket>> buckets) {
        return buckets.map(slices -> {
            BucketStats merged = new BucketStats();
            slices.forEach(slice -> merged.add(slice.stats()));
            return merged;
        });
    }

    /** Whether the previous version's figures can serve every relative rule of the deployment. */
    private static boolean enough(BucketStats stats, List<Rule> rules) {
        return rules.stream().filter(rule -> rule.condition().needsBaseline())
                .allMatch(rule -> RuleWindow.samples(rule, stats) >= rule.minSamples());
    }
}
