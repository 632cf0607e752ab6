package dev.tightrope.rules.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.tightrope.platform.instance.ExclusivePasses;
import dev.tightrope.release.application.AgentIds;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.RoutingTables;
import dev.tightrope.release.domain.ToolGate;
import dev.tightrope.rules.domain.CircuitBreaker;
import dev.tightrope.rules.domain.Observation;
import dev.tightrope.rules.domain.Rule;
import dev.tightrope.rules.domain.RuleAction;
import dev.tightrope.rules.domain.RuleEvaluation;
import dev.tightrope.rules.domain.RuleState;
import dev.tightrope.rules.domain.RuleStatus;
import dev.tightrope.rules.persistence.AlertStore;
import dev.tightrope.rules.persistence.RuleStateStore;
import dev.tightrope.rules.persistence.RuleStore;
import dev.tightrope.rules.domain.Alert;
import dev.tightrope.rules.persistence.StoredRule;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Evaluates every rule on every deployment every {@code tightrope.rules.every} (5 s): reads each deployment's
 * window ({@link DeploymentWindows}), steps each rule's state ({@link RuleEvaluation}), raises and resolves alerts,
 * and acts ({@link RuleActions}).
 *
 * <p><b>One evaluator, exactly once.</b> Each pass evaluates in one transaction holding an advisory lock
 * ({@link ExclusivePasses}); an instance that cannot take it, or sees another's fresh lease, skips the pass, so when
 * the evaluating instance dies another evaluates once its lease (one and a half intervals after its last pass) has
 * run out, at its next tick. The transaction saves the new states, each
 * firing with its number and a pending action, and inserts the alerts of new firings (one per rule, deployment and
 * firing number). After the commit (outside it, so the release service's own transaction never waits for this
 * one's locks) the pass acts, with an idempotency key derived from the rule, deployment and firing number, and then
 * clears the pending mark. If the pass dies before its commit, the next one recomputes the same firing with the same
 * number; if it dies after, the next pass finds the action still pending and retries it with the same key. Either
 * way the release service answers the action already taken instead of acting twice.
 */
@ApplicationScoped
public class RuleEvaluator {

    private static final Logger LOG = Logger.getLogger(RuleEvaluator.class);

    private final Pool pool;
    private final ExclusivePasses passes;
    private final RuleStore rules;
    private final RuleStateStore states;
    private final AlertStore alerts;
    private final RoutingTables tables;
    private final AgentIds agentIds;
    private final DeploymentWindows windows;
    private final RuleActions actions;
    private final AlertFeed feed;
    private final RulesMetrics metrics;
    private final RulesConfig config;
    private final Clock clock;
    /** Rules parsed, by canonical text: a pass reads every rule, and rules rarely change. */
    private final Cache<String, Rule> parsed = Caffeine.newBuilder().maximumSize(100_000).build();

    RuleEvaluator(Pool pool, ExclusivePasses passes, RuleStore rules, RuleStateStore states, AlertStore alerts, RoutingTables tables,
            AgentIds agentIds, DeploymentWindows windows, RuleActions actions, AlertFeed feed, RulesMetrics metrics,
            RulesConfig config, Clock clock) {
        this.config = config;
        this.pool = pool;
        this.passes = passes;
        passes.retryAtTakeover(ExclusivePasses.RULES, this::scheduled);
        this.rules = rules;
        this.states = states;
        this.alerts = alerts;
        this.tables = tables;
        this.agentIds = agentIds;
        this.windows = windows;
        this.actions = actions;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What one pass did: whether this instance evaluated, and the firings and resolutions it saw. */
    public record Pass(boolean evaluated, int evaluations, List<Alert> fired, List<Alert> resolved) {
    }

    @Scheduled(every = "${tightrope.rules.every:5S}", delayed = "10S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Evaluating rules failed, will retry at the next pass: %s", failure.toString());
            metrics.passFailed();
            return null;
        }).replaceWithVoid();
    }

    /** One pass over every rule and deployment, if no other instance is making one. */
    public Uni<Pass> runOnce() {
        long started = System.nanoTime();
        return passes.run(ExclusivePasses.RULES, this::evaluate)
                .chain(result -> result == null ? Uni.createFrom().item(new Pass(false, 0, List.of(), List.of()))
                        : act(result).chain(() -> moveBreakers(result)).replaceWith(() -> new Pass(true,
                                result.evaluations, result.fired, result.resolved)))
                .invoke(pass -> {
                    if (pass.evaluated()) {
                        metrics.passTook(Duration.ofNanos(System.nanoTime() - started), pass.evaluations());
                    }
                });
    }

    private Uni<PassResult> evaluate(SqlConnection connection) {
        Instant now = clock.instant();
        return rules.installDefaults(null, RuleDefaults.RULES, now)
                .chain(rules::active)
                .chain(active -> states.all(connection).chain(known -> {
                    Map<Long, List<StoredRule>> byAgent = new HashMap<>();
                    active.forEach(rule -> byAgent.computeIfAbsent(rule.agentId(), id -> new ArrayList<>()).add(rule));
                    PassResult result = new PassResult();
                    return subjects(byAgent).chain(subjects -> windows.read(subjects, now).invoke(read -> {
                        for (int i = 0; i < subjects.size(); i++) {
                            evaluate(subjects.get(i), read.get(i), known, now, result);
                            if (!subjects.get(i).table().toolGates().isEmpty()) {
                                result.gated.add(new Gated(subjects.get(i), read.get(i)));
                            }
                        }
                    })).chain(() -> states.save(connection, result.changed))
                            .chain(() -> fireAndResolve(connection, result))
                            .replaceWith(result);
                }));
    }

    /** Every deployment of this instance's tables whose agent has rules, with those rules (parsed once each). */
    private Uni<List<DeploymentWindows.Subject>> subjects(Map<Long, List<StoredRule>> byAgent) {
        return Multi.createFrom().iterable(tables.all()).onItem().transformToUniAndConcatenate(table ->
                agentIds.of(table.agent()).map(agentId -> {
                    List<Rule> rules = new ArrayList<>();
                    List<StoredRule> readable = new ArrayList<>();
                    for (StoredRule stored : byAgent.getOrDefault(agentId, List.of())) {
                        // a rule that cannot be read is left out (and logged), never the agent's other rules
                        Rule rule = parsed.get(stored.canonical(), canonical -> Rules.readOrNull(stored));
                        if (rule != null) {
                            rules.add(rule);
                            readable.add(stored);
                        } else {
                            metrics.leftOut();
                        }
                    }
                    // a deployment with an open or half-open breaker is looked at even when its agent has no
                    // rule left: the breaker of a deleted rule half-opens on time and closes
                    return rules.isEmpty() && table.toolGates().isEmpty() ? NONE
                            : new DeploymentWindows.Subject(table, rules, readable);
                }).onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Evaluating the rules of %s/%s failed: %s", table.agent(), table.environment(),
                            failure.toString());
                    return NONE;
                }))
                .select().where(subject -> subject != NONE)
                .collect().asList();
    }

    private static final DeploymentWindows.Subject NONE = new DeploymentWindows.Subject(null, List.of(), List.of());

    private void evaluate(DeploymentWindows.Subject subject, DeploymentWindows.Window window,
            Map<RuleStateStore.Key, RuleStateStore.Stored> known, Instant now, PassResult result) {
        RoutingTable table = subject.table();
        for (int i = 0; i < subject.stored().size(); i++) {
            StoredRule stored = subject.stored().get(i);
            Rule rule = subject.rules().get(i);
            RuleStateStore.Stored before = known.get(new RuleStateStore.Key(stored.id(), table.deploymentId()));
            RuleStatus previous = before == null || before.revision() != stored.revision()
                    ? RuleStatus.initial(now) : before.status();
            Observation observation = window.observe(rule, now);
            RuleEvaluation.Step step = RuleEvaluation.next(rule, previous, observation, now);
            result.evaluations++;
            boolean retry = before != null && before.actionPending() && !step.fired()
                    && before.revision() == stored.revision();
            RuleStateStore.Stored after = new RuleStateStore.Stored(stored.id(), table.deploymentId(),
                    stored.revision(), step.status(), step.act() || retry,
                    Double.isNaN(observation.value()) ? null : observation.value(),
                    Math.min(observation.samples(), Long.MAX_VALUE / 2), now);
            result.states.add(after);
            if (before == null || before.revision() != after.revision() || !before.status().equals(after.status())
                    || before.actionPending() != after.actionPending()) {
                result.changed.add(after);
            }
            if (step.fired()) {
                result.firings.add(new Firing(stored, rule, table, step.status().firings(), step.act(),
                        observation, window.subjectVersion(), previous, false));
            } else if (retry) {
                result.firings.add(new Firing(stored, rule, table, step.status().firings(), true, observation,
                        window.subjectVersion(), previous, true));
            }
            if (step.resolved()) {
                result.resolutions.add(new Resolution(stored.id(), table.deploymentId(), step.status().firings()));
            }
        }
    }

    private Uni<Void> fireAndResolve(SqlConnection connection, PassResult result) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Instant now = clock.instant();
        for (Firing firing : result.firings) {
            if (firing.retry) {
                continue;
            }
            Alert alert = new Alert(0, firing.stored.id(), firing.stored.revision(),
                    firing.stored.canonical(), firing.table.deploymentId(), firing.table.agent(),
                    firing.table.environment(), firing.number, firing.rule.severity().name(),
                    "FIRING", Double.isNaN(firing.observation.value()) ? null : firing.observation.value(),
                    RuleTexts.condition(firing.rule),
                    Double.isNaN(firing.observation.baseline()) ? null : firing.observation.baseline(),
                    firing.observation.samples(), firing.version, firing.rule.action().name(), null,
                    clock.instant(), null, null, null);
            chain = chain.chain(() -> alerts.fire(connection, alert, firing.onset(now)).invoke(stored -> {
                if (stored != null) {
                    firing.alert = stored;
                    result.fired.add(stored);
                }
            }).replaceWithVoid());
        }
        for (Resolution resolution : result.resolutions) {
            chain = chain.chain(() -> alerts.resolve(connection, resolution.ruleId, resolution.deploymentId,
                    resolution.firing, now).invoke(stored -> {
                        if (stored != null) {
                            result.resolved.add(stored);
                        }
                    }).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> act(PassResult result) {
        result.fired.forEach(alert -> feed.publish(AlertFeed.Change.FIRED, alert));
        result.resolved.forEach(alert -> feed.publish(AlertFeed.Change.RESOLVED, alert));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Firing firing : result.firings) {
            if (firing.alert == null && !firing.retry) {
                continue; // another pass inserted this firing's alert: it acts
            }
            if (!firing.retry) {
                metrics.fired(firing.rule);
            }
            if (!firing.act) {
                chain = chain.chain(() -> recordOutcome(firing, RuleActions.SKIPPED + " (cooldown)"));
                continue;
            }
            String reason = RuleTexts.reason(firing.stored.id(), firing.rule, firing.observation, firing.version,
                    firing.table.split().rolloutId() != null);
            chain = chain.chain(() -> actions.act(firing.stored.id(), firing.rule, firing.table, firing.number,
                    reason).chain(outcome -> {
                        if (RuleActions.DONE.equals(outcome) && !firing.retry) {
                            metrics.acted(firing.rule, Duration.between(firing.onset(clock.instant()), clock.instant()));
                        }
                        return states.actionDone(pool, firing.stored.id(), firing.table.deploymentId(),
                                firing.number).chain(() -> recordOutcome(firing, outcome));
                    }));
        }
        return chain;
    }

    /** Half-opens, reopens or closes the breakers of the deployments that have any ({@link CircuitBreaker}). */
    private Uni<Void> moveBreakers(PassResult result) {
        Instant now = clock.instant();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Gated gated : result.gated) {
            RoutingTable table = gated.subject().table();
            // one move per deployment and pass: each move is a new generation, the next pass sees it
            for (Map.Entry<String, ToolGate> entry : table.toolGates().entrySet()) {
                String tool = entry.getKey();
                ToolGate gate = entry.getValue();
                int at = -1;
                for (int i = 0; i < gated.subject().rules().size(); i++) {
                    Rule candidate = gated.subject().rules().get(i);
                    if (candidate.action() == RuleAction.DISABLE_TOOL && tool.equals(candidate.tool())) {
                        at = i;
                        break;
                    }
                }
                Rule rule = at < 0 ? null : gated.subject().rules().get(at);
                StoredRule stored = at < 0 ? null : gated.subject().stored().get(at);
                CircuitBreaker.State state = gate.state() == ToolGate.State.OPEN ? CircuitBreaker.State.OPEN
                        : CircuitBreaker.State.HALF_OPEN;
                Observation calls = rule == null ? new Observation(Double.NaN, 0, Double.NaN)
                        : gated.window().observeSince(rule, gate.since(), now);
                CircuitBreaker.Move move = CircuitBreaker.next(state, gate.since(), rule, calls, now,
                        config.breakerOpenFor());
                if (move == CircuitBreaker.Move.STAY) {
                    continue;
                }
                String reason = BreakerTexts.reason(tool, move, rule, calls, config);
                ToolGate.State next = switch (move) {
                    case HALF_OPEN -> ToolGate.State.HALF_OPEN;
                    case OPEN -> ToolGate.State.OPEN;
                    default -> null;
                };
                int share = next == ToolGate.State.HALF_OPEN ? config.breakerHalfOpenShare() : 0;
                Long firing = stored == null ? null : result.firingOf(stored.id(), table.deploymentId());
                chain = chain.chain(() -> actions.moveBreaker(table, tool, next, share, reason).chain(outcome ->
                        RuleActions.DONE.equals(outcome) && firing != null
                                ? breakerAlert(stored.id(), table.deploymentId(), firing, move) : Uni.createFrom()
                                        .voidItem()));
                break;
            }
        }
        return chain;
    }

    /**
     * A breaker's move shows on the alert of the firing that opened it: its action outcome says where the breaker
     * is ({@code BREAKER HALF_OPEN}, {@code BREAKER OPEN AGAIN}, {@code BREAKER CLOSED}), and closing resolves it.
     */
    private Uni<Void> breakerAlert(long ruleId, long deploymentId, long firing, CircuitBreaker.Move move) {
        String outcome = switch (move) {
            case HALF_OPEN -> "BREAKER HALF_OPEN";
            case OPEN -> "BREAKER OPEN AGAIN";
            default -> "BREAKER CLOSED";
        };
        Uni<Void> noted = alerts.actionOutcome(ruleId, deploymentId, firing, outcome)
                .invoke(alert -> feed.publish(AlertFeed.Change.ACTED, alert)).replaceWithVoid();
        if (move != CircuitBreaker.Move.CLOSE) {
            return noted;
        }
        return noted.chain(() -> alerts.resolve(pool, ruleId, deploymentId, firing, clock.instant())
                .invoke(alert -> feed.publish(AlertFeed.Change.RESOLVED, alert)).replaceWithVoid());
    }

    private Uni<Void> recordOutcome(Firing firing, String outcome) {
        return alerts.actionOutcome(firing.stored.id(), firing.table.deploymentId(), firing.number, outcome)
                .invoke(alert -> feed.publish(AlertFeed.Change.ACTED, alert)).replaceWithVoid();
    }

    /** A rule that fired in this pass, or whose earlier firing's action is still to be done (a retry). */
    private static final class Firing {
        final StoredRule stored;
        final Rule rule;
        final RoutingTable table;
        final long number;
        final boolean act;
        final Observation observation;
        final int version;
        final RuleStatus previous;
        final boolean retry;
        Alert alert;

        Firing(StoredRule stored, Rule rule, RoutingTable table, long number, boolean act, Observation observation,
                int version, RuleStatus previous, boolean retry) {
            this.stored = stored;
            this.rule = rule;
            this.table = table;
            this.number = number;
            this.act = act;
            this.observation = observation;
            this.version = version;
            this.previous = previous;
            this.retry = retry;
        }

        /** When the breach was first seen: the start of PENDING, or now for a rule without FOR. */
        Instant onset(Instant now) {
            return previous.state() == RuleState.PENDING ? previous.since() : now;
        }
    }

    private record Resolution(long ruleId, long deploymentId, long firing) {
    }

    /** A deployment with tool gates, and what its rules read this pass. */
    private record Gated(DeploymentWindows.Subject subject, DeploymentWindows.Window window) {
    }

    /** What a pass collects before it writes. */
    private static final class PassResult {
        final List<RuleStateStore.Stored> states = new ArrayList<>();
        /** The states that changed in this pass: only these are written (most rules stay OK pass after pass). */
        final List<RuleStateStore.Stored> changed = new ArrayList<>();
        final List<Firing> firings = new ArrayList<>();
        final List<Resolution> resolutions = new ArrayList<>();
        final List<Alert> fired = new ArrayList<>();
        final List<Alert> resolved = new ArrayList<>();
        final List<Gated> gated = new ArrayList<>();
        int evaluations;

        /** The current firing number of a rule on a deployment after this pass, or null if it never fired. */
        Long firingOf(long ruleId, long deploymentId) {
            for (RuleStateStore.Stored state : states) {
                if (state.ruleId() == ruleId && state.deploymentId() == deploymentId) {
                    return state.status().firings() == 0 ? null : state.status().firings();
                }
            }
            return null;
        }
    }
}
