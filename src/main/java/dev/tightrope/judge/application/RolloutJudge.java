package dev.tightrope.judge.application;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditEntry;
import dev.tightrope.audit.domain.AuditSource;
import dev.tightrope.judge.domain.PlanDecision;
import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.judge.persistence.RolloutPlanStore;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.instance.ExclusivePasses;
import dev.tightrope.release.application.ActiveRollouts;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.RolloutStatus;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.release.persistence.RunningRolloutStore.ActiveRollout;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Drives planned rollouts: every {@code tightrope.judge.every} (5 s) each running rollout with a plan is judged
 * over its current step ({@link CanaryComparisons}), the plan decides ({@link PlanDecision}), and the decision is
 * applied through the same release service as the API, with trigger {@code JUDGE} and the judge's evidence as the
 * event's reason. A paused rollout (by the judge or a person) waits for a person, but its canary still serves its
 * share, so it is judged too and rolled back when a metric whose action is ROLLBACK fails; it is neither advanced nor
 * paused again. A rollout whose weight was set by hand to one the plan does not have is left to people.
 *
 * <p><b>Exactly once, also across restarts and instances.</b> All state is in the database: the step is the plan's
 * step at the rollout's current weight, its start the time that weight was set. Each action carries the
 * deployment's generation as {@code expectedGeneration} (a change that raced with a person's is refused, and judged
 * again at the next run) and an idempotency key {@code judge:<rollout>:<step>:<decision>}, so a decision retried
 * after a crash, or taken again by another instance, is answered with the first one's event and changes nothing. Only
 * one instance judges at a time: each run holds a PostgreSQL advisory lock for its duration ({@link ExclusivePasses}),
 * and the others skip.
 *
 * <p><b>Release freezes.</b> While a freeze holds the deployment, the release service refuses the judge's advance
 * and promote (FROZEN): the rollout holds its step (logged and audited once), is judged again at every run, and
 * moves on at the first run after the window ends. A rollback or pause the judge decides is never frozen.
 */
@ApplicationScoped
public class RolloutJudge {

    private static final Logger LOG = Logger.getLogger(RolloutJudge.class);

    private final ExclusivePasses passes;
    private final ActiveRollouts rollouts;
    private final RolloutPlanStore plans;
    private final CanaryComparisons comparisons;
    private final TrafficService traffic;
    private final AuditLog audit;
    private final ComparisonFeed feed;
    private final JudgeMetrics metrics;
    private final Clock clock;
    /** Decisions held by a release freeze that were logged and audited already (once each, not every run). */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    RolloutJudge(ExclusivePasses passes, ActiveRollouts rollouts, RolloutPlanStore plans, CanaryComparisons comparisons,
            TrafficService traffic, AuditLog audit, ComparisonFeed feed, JudgeMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.passes = passes;
        passes.retryAtTakeover(ExclusivePasses.JUDGE, this::scheduled);
        this.rollouts = rollouts;
        this.plans = plans;
        this.comparisons = comparisons;
        this.traffic = traffic;
        this.audit = audit;
        this.feed = feed;
        this.clock = clock;
    }

    /** One decision the run took about a rollout. */
    public record Applied(long rolloutId, PlanDecision decision, boolean changed) {
    }

    @Scheduled(every = "${tightrope.judge.every:5S}", delayed = "10S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Judging rollouts failed, will retry at the next run: %s", failure.toString());
            return List.of();
        }).replaceWithVoid();
    }

    /**
     * Judges every running or paused planned rollout once, if no other instance is doing so; the decisions taken. Either way,
     * the comparisons watched on this instance are brought up to date ({@link ComparisonFeed}).
     */
    public Uni<List<Applied>> runOnce() {
        return passes.run(ExclusivePasses.JUDGE, connection -> judgeAll()).map(applied -> {
            if (applied == null) {
                feed.refreshWatched(Set.of());
                return List.<Applied>of();
            }
            return applied;
        });
    }

    private Uni<List<Applied>> judgeAll() {
        return rollouts.all().chain(active -> {
            List<Applied> applied = new ArrayList<>();
            Set<Long> judged = ConcurrentHashMap.newKeySet();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ActiveRollout rollout : active) {
                if (rollout.status() != RolloutStatus.RUNNING && rollout.status() != RolloutStatus.PAUSED) {
                    continue;
                }
                chain = chain.chain(() -> judge(rollout).invoke(result -> {
                    if (result != null) {
                        applied.add(result);
                        judged.add(rollout.rolloutId());
                    }
                }).onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Judging rollout %d failed: %s", rollout.rolloutId(), failure.toString());
                    return null;
                }).replaceWithVoid());
            }
            return chain.invoke(() -> feed.refreshWatched(judged)).replaceWith(applied);
        });
    }

    private Uni<Applied> judge(ActiveRollout rollout) {
        return plans.of(rollout.rolloutId()).chain(plan -> {
            if (plan == null || plan.stepAt(rollout.weight()) < 0) {
                return Uni.createFrom().nullItem();
            }
            return comparisons.of(rollout, plan).chain(comparison -> {
                feed.publish(comparison);
                PlanDecision decision = PlanDecision.decide(plan, comparison.stepIndex(), comparison.stepStartedAt(),
                        comparison.judgedAt(), comparison.judgement());
                boolean paused = rollout.status() == RolloutStatus.PAUSED;
                if (!paused) {
                    decision.alerts().forEach(alert -> alert(rollout, alert));
                }
                // a paused canary still serves its share: it is rolled back when it is worse, and otherwise waits
                if (!decision.acts() || (paused && decision.kind() != PlanDecision.Kind.ROLLBACK)) {
                    return Uni.createFrom().item(new Applied(rollout.rolloutId(), decision, false));
                }
                return apply(rollout, plan, comparison.stepIndex(), decision);
            });
        });
    }

    private Uni<Applied> apply(ActiveRollout rollout, RolloutPlan plan, int step, PlanDecision decision) {
        TrafficCommand command = switch (decision.kind()) {
            case ADVANCE -> new TrafficCommand.AdvanceRollout(decision.weight());
            case PROMOTE -> new TrafficCommand.Promote();
            case ROLLBACK -> new TrafficCommand.Rollback(null, null);
            case PAUSE -> new TrafficCommand.PauseRollout();
            default -> throw new IllegalStateException("not an action: " + decision.kind());
        };
        String reason = decision.reason().length() <= TrafficService.MAX_REASON_LENGTH ? decision.reason()
                : decision.reason().substring(0, TrafficService.MAX_REASON_LENGTH - 1) + "…";
        String key = "judge:" + rollout.rolloutId() + ":" + step + ":" + decision.kind();
        TrafficRequest request = new TrafficRequest(rollout.agent(), rollout.environment(), command,
                rollout.generation(), key, reason, Trigger.JUDGE, "judge");
        return traffic.change(request)
                .invoke(event -> {
                    LOG.infof("Judge: %s %s/%s (rollout %d, step %d): %s", decision.kind(), rollout.agent(),
                            rollout.environment(), rollout.rolloutId(), step + 1, reason);
                    record(rollout, command.operation(), reason, AuditEntry.OK);
                    if (decision.kind() == PlanDecision.Kind.ROLLBACK) {
                        metrics.rolledBack(Duration.between(rollout.startedAt(), event.decidedAt()));
                    }
                })
                .map(event -> new Applied(rollout.rolloutId(), decision, true))
                .onFailure().recoverWithUni(failure -> {
                    ErrorCode code = ErrorTranslator.codeOf(failure);
                    if (code == ErrorCode.FROZEN) {
                        // a release freeze holds the step: judged again every run, acted on once the window ends
                        if (held.add(key)) {
                            LOG.infof("Judge: %s of rollout %d (%s/%s) waits for a release freeze: %s",
                                    decision.kind(), rollout.rolloutId(), rollout.agent(), rollout.environment(),
                                    failure.getMessage());
                            record(rollout, command.operation(), failure.getMessage(), code.name());
                        }
                        return Uni.createFrom().item(new Applied(rollout.rolloutId(), decision, false));
                    }
                    record(rollout, command.operation(), reason, code.name());
                    if (code == ErrorCode.CONFLICT) {
                        LOG.debugf("Judge: %s of rollout %d lost a race; judged again next run", decision.kind(),
                                rollout.rolloutId());
                        return Uni.createFrom().item(new Applied(rollout.rolloutId(), decision, false));
                    }
                    return Uni.createFrom().failure(failure);
                });
    }

    private void alert(ActiveRollout rollout, String alert) {
        LOG.warnf("Judge alert on %s/%s (rollout %d): %s", rollout.agent(), rollout.environment(),
                rollout.rolloutId(), alert);
        record(rollout, "judgeAlert", alert, AuditEntry.OK);
    }

    private void record(ActiveRollout rollout, String operation, String reason, String outcome) {
        audit.record(new AuditEntry("judge", null, AuditSource.JUDGE, operation, Map.of("agent", rollout.agent(),
                "environment", rollout.environment(), "rolloutId", rollout.rolloutId(), "reason", reason), outcome,
                clock.instant())).subscribe().with(ignored -> { }, failure -> { });
    }
}
