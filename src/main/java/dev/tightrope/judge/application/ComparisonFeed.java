package dev.tightrope.judge.application;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.streams.KeyedBroadcast;
import dev.tightrope.release.application.RoutingTables;
import io.smallrye.mutiny.Multi;

/**
 * The live canary comparisons of this instance's {@code canaryComparison} subscribers: one update per judge run,
 * and one whenever the rollout's deployment changes (a step advanced, a pause), computed once for all subscribers
 * of a rollout. When the rollout ends (promoted, rolled back), its streams complete.
 *
 * <p>Where the updates come from: the judging instance publishes the very comparison each decision was taken on
 * ({@link #publish}); every other instance, at the same interval, refreshes the rollouts its own subscribers watch
 * ({@link #refreshWatched}); and a change of the deployment's routing table, which reaches every instance,
 * refreshes them at once. An instance whose judge is {@code off} updates its subscribers on changes only.
 */
@ApplicationScoped
public class ComparisonFeed {

    private static final Logger LOG = Logger.getLogger(ComparisonFeed.class);

    /** One update of a rollout's stream, in publishing order: a comparison, or the end (comparison null). */
    record Look(long sequence, CanaryComparison comparison) {
    }

    private final CanaryComparisons comparisons;
    private final AtomicLong sequence = new AtomicLong();
    private final KeyedBroadcast<Look> broadcast = new KeyedBroadcast<>(Look::sequence);
    /** Watched rollouts by id, with their deployment's agent and environment. */
    private final Map<Long, String> watched = new ConcurrentHashMap<>();

    ComparisonFeed(CanaryComparisons comparisons, RoutingTables tables) {
        this.comparisons = comparisons;
        tables.onChange(table -> refreshDeployment(deploymentKey(table.agent(), table.environment())));
    }

    /**
     * The comparison of a rollout now, then every update until the rollout ends. Fails with NOT_FOUND when the
     * rollout is not running or paused at subscription.
     */
    public Multi<CanaryComparison> watch(long rolloutId) {
        return Multi.createFrom().deferred(() -> {
            long first = sequence.incrementAndGet();
            AtomicLong last = new AtomicLong(Long.MIN_VALUE);
            Multi<Look> initial = Multi.createFrom().uni(comparisons.of(rolloutId).invoke(comparison ->
                    watched.put(rolloutId, deploymentKey(comparison.rollout().agent(),
                            comparison.rollout().environment())))
                    .map(comparison -> new Look(first, comparison)));
            Multi<Look> live = broadcast.subscribe(key(rolloutId), () -> null);
            return Multi.createBy().merging().streams(live, initial)
                    .select().where(look -> newer(last, look.sequence()))
                    .select().first(look -> look.comparison() != null)
                    .map(Look::comparison)
                    .onTermination().invoke(() -> forgetIfUnwatched(rolloutId));
        });
    }

    /** Publishes a comparison the judge has just computed to the rollout's subscribers on this instance. */
    public void publish(CanaryComparison comparison) {
        long rolloutId = comparison.rollout().rolloutId();
        if (broadcast.subscriberCount(key(rolloutId)) > 0) {
            broadcast.publish(key(rolloutId), new Look(sequence.incrementAndGet(), comparison));
        }
    }

    /** The rollouts watched on this instance. */
    public Set<Long> watchedRollouts() {
        return Set.copyOf(watched.keySet());
    }

    /** Recomputes the comparison of every watched rollout not in {@code judged} and publishes it (or the end). */
    public void refreshWatched(Set<Long> judged) {
        watched.keySet().stream().filter(id -> !judged.contains(id)).forEach(this::refresh);
    }

    private void refreshDeployment(String deployment) {
        watched.forEach((rolloutId, key) -> {
            if (key.equals(deployment)) {
                refresh(rolloutId);
            }
        });
    }

    private void refresh(long rolloutId) {
        if (broadcast.subscriberCount(key(rolloutId)) == 0) {
            watched.remove(rolloutId);
            return;
        }
        long next = sequence.incrementAndGet();
        comparisons.of(rolloutId).subscribe().with(
                comparison -> broadcast.publish(key(rolloutId), new Look(next, comparison)),
                failure -> {
                    if (ErrorTranslator.codeOf(failure) == ErrorCode.NOT_FOUND) {
                        watched.remove(rolloutId);
                        broadcast.publish(key(rolloutId), new Look(next, null));
                    } else {
                        LOG.debugf("Refreshing the comparison of rollout %d failed: %s", rolloutId, failure);
                    }
                });
    }

    private void forgetIfUnwatched(long rolloutId) {
        if (broadcast.subscriberCount(key(rolloutId)) == 0) {
            watched.remove(rolloutId);
        }
    }

    private static boolean newer(AtomicLong last, long sequence) {
        while (true) {
            long seen = last.get();
            if (sequence <= seen) {
                return false;
            }
            if (last.compareAndSet(seen, sequence)) {
                return true;
            }
        }
    }

    private static String key(long rolloutId) {
        return Long.toString(rolloutId);
    }

    private static String deploymentKey(String agent, String environment) {
        return agent + '\u0000' + environment;
    }
}
