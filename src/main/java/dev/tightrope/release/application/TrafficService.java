package dev.tightrope.release.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.release.domain.Bucketing;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.DeploymentState;
import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import dev.tightrope.release.domain.RollbackTarget;
import dev.tightrope.release.domain.Rollout;
import dev.tightrope.release.domain.RolloutStatus;
import dev.tightrope.release.domain.TrafficChange;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.TrafficTransitions;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.release.persistence.DeploymentEventEntity;
import dev.tightrope.release.persistence.ToolGatesJson;
import dev.tightrope.release.persistence.TrafficStore;
import dev.tightrope.release.persistence.TrafficStore.Decision;
import dev.tightrope.release.persistence.TrafficStore.LockRequest;
import dev.tightrope.release.persistence.TrafficStore.LockedDeployment;
import dev.tightrope.release.persistence.TrafficStore.RecordedEvent;
import dev.tightrope.release.persistence.TrafficTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Applies traffic changes: deploy, rollouts, promote, pause/resume, rollback.
 *
 * <p>Each change is one transaction in two round trips to the database ({@link TrafficStore}): lock the deployment
 * row (creating it on first use) and read the state with everything the decision needs, together with the event of
 * the idempotency key if there is one; replay an idempotent retry if the key was seen, else let
 * {@link TrafficTransitions} decide, then write the rollout, the deployment, the event and its propagation in one
 * statement sent together with COMMIT. The deployment row's trigger NOTIFYs every instance on commit; this instance
 * installs the new routing table from the committed state before answering, so its own {@code route()} reflects the
 * change as soon as the caller hears back.
 */
@ApplicationScoped
public class TrafficService {

    public static final int MAX_REASON_LENGTH = 2000;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final TrafficStore store;
    private final RoutingTables routing;
    private final ReleaseMetrics metrics;
    private final ReleaseConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AgentIds agentIds;

    private final ReleaseGuard guard;

    TrafficService(AgentIds agentIds, TrafficStore store, RoutingTables routing,
            ReleaseMetrics metrics, ReleaseConfig config, Clock clock, ReleaseGuard guard) {
        this.guard = guard;
        this.agentIds = agentIds;
        this.store = store;
        this.routing = routing;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The clock's time to the microsecond, as PostgreSQL keeps it: a change's decision and commit times are answered
     * as they are stored, so an idempotent retry, answered from the stored event, answers exactly the first answer.
     */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** The recorded event; for an idempotent retry, the event of the first call (nothing changes again). */
    public Uni<DeploymentEvent> change(TrafficRequest request) {
        return change(request, Clearance.NONE);
    }

    /**
     * {@link #change(TrafficRequest)} with what the change brings to the {@link ReleaseGuard}: an ADMIN's freeze
     * override, the approved change request it applies. A change the guard may hold ({@link ReleaseGuard#mayBeHeld})
     * is asked about first; a rollback, pause, resume, circuit breaker or drill never is, nor a rule, except for a
     * fallback rule's switch to its declared version ({@link ReleaseGuard#isFallback}).
     */
    public Uni<DeploymentEvent> change(TrafficRequest request, Clearance clearance) {
        validate(request);
        if (!ReleaseGuard.mayBeHeld(request)) {
            return apply(request, request.fingerprint());
        }
        // the fingerprint is the caller's request: a retry is the same request whatever the guard noted
        String fingerprint = request.fingerprint();
        return Uni.createFrom().deferred(() -> guard.check(request, clearance == null ? Clearance.NONE : clearance))
                .chain(note -> apply(note == null || note.isBlank() ? request : withNote(request, note), fingerprint));
    }

    /**
     * The request with the guard's note after its reason; when both are longer than the longest reason kept, the
     * caller's reason is shortened, never the note (which says who overrode a freeze).
     */
    private static TrafficRequest withNote(TrafficRequest request, String note) {
        String reason = withNote(request.reason(), note);
        return new TrafficRequest(request.agent(), request.environment(), request.command(),
                request.expectedGeneration(), request.idempotencyKey(), reason, request.trigger(), request.actor());
    }

    /**
     * {@code reason} followed by {@code note}, at most {@link #MAX_REASON_LENGTH} characters: the reason is shortened
     * (with "…") to make room, the note is kept whole.
     */
    public static String withNote(String reason, String note) {
        return withNote(reason, " ", note);
    }

    /** {@link #withNote(String, String)} with another separator between the reason and the note. */
    public static String withNote(String reason, String separator, String note) {
        if (reason == null || reason.isBlank()) {
            return note.length() <= MAX_REASON_LENGTH ? note : note.substring(0, MAX_REASON_LENGTH - 1) + "…";
        }
        String text = reason.strip();
        int room = MAX_REASON_LENGTH - note.length() - separator.length();
        if (text.length() > room) {
            text = room <= 1 ? "" : text.substring(0, room - 1) + "…";
        }
        return text.isEmpty() ? withNote(null, separator, note) : text + separator + note;
    }

    private Uni<DeploymentEvent> apply(TrafficRequest request, String fingerprint) {
        Instant decidedAt = now();
        return agentIds.of(request.agent()).chain(agentId -> store.inTransaction(
                new LockRequest(agentId, request.environment(), versionOf(request.command()),
                        request.idempotencyKey(), decidedAt),
                transaction -> {
                    RecordedEvent previous = replay(transaction.replayed(), request, fingerprint);
                    return previous != null ? Uni.createFrom().item(replayed(previous, request))
                            : apply(transaction, agentId, request, fingerprint, decidedAt);
                }))
                .call(outcome -> outcome.after() == null ? Uni.createFrom().voidItem()
                        : routing.install(outcome.deploymentId(), outcome.agentId(),
                                request.agent(), request.environment(), outcome.after())
                                .onFailure().recoverWithNull())
                .invoke(outcome -> {
                    if (outcome.after() != null) {
                        metrics.trafficChanged(outcome.event(), outcome.releasedAt());
                    }
                })
                .map(Outcome::event);
    }

    /**
     * Rehearses a traffic change: the same validation, lock, decision and write as {@link #change}, in a
     * transaction that is rolled back instead of committed, so nothing changes, no routing table moves and no
     * runtime hears of it. Its answer is the event the change would have recorded (its id and generation are
     * not kept) and how long the switch took: a rollback drill's dry run. An idempotency key is ignored.
     */
    public Uni<Rehearsal> rehearse(TrafficRequest request) {
        validate(request);
        Instant decidedAt = now();
        long started = System.nanoTime();
        TrafficRequest once = new TrafficRequest(request.agent(), request.environment(), request.command(),
                request.expectedGeneration(), null, request.reason(), request.trigger(), request.actor());
        return agentIds.of(once.agent()).chain(agentId -> store.inTransaction(
                new LockRequest(agentId, once.environment(), versionOf(once.command()), null, decidedAt),
                transaction -> rehearse(transaction, agentId, once, decidedAt)))
                .map(event -> new Rehearsal(event, java.time.Duration.ofNanos(System.nanoTime() - started)));
    }

    /** What a rehearsed change would have recorded, and how long the rehearsal's switch took end to end. */
    public record Rehearsal(DeploymentEvent event, java.time.Duration took) {
    }

    private Uni<DeploymentEvent> rehearse(TrafficTransaction transaction, long agentId, TrafficRequest request,
            Instant decidedAt) {
        LockedDeployment locked = transaction.locked();
        Integer version = versionOf(request.command());
        if (version != null && !locked.versionExists()) {
            throw TightropeException.notFound("Agent '" + request.agent() + "' has no version " + version);
        }
        checkRollbackTarget(locked, request);
        DeploymentState before = new DeploymentState(locked.stableVersion(), locked.generation(), locked.rollout(),
                locked.toolGates());
        TrafficChange change = TrafficTransitions.apply(before, resolve(locked, before, request.command()),
                request.expectedGeneration());
        Instant now = now();
        Decision decision = decision(agentId, locked, change, request, request.fingerprint(), decidedAt, now);
        return transaction.rehearse(decision).map(written -> new DeploymentEvent(written.eventId(),
                request.agent(), request.environment(), decision.generation(), decision.type(), decision.trigger(),
                decision.fromVersion(), decision.toVersion(), written.rolloutId(), decision.weightBefore(),
                decision.weightAfter(), decision.actor(), decision.reason(), decidedAt, now, null));
    }

    /**
     * @param after      the committed state, or {@code null} for a replayed request (nothing changed)
     * @param releasedAt  for a rollback: when the version it takes out of traffic was released (its rollout's start,
     *                    or its last deploy or promotion not by a drill); else, or when unknown, {@code null}
     */
    private record Outcome(DeploymentEvent event, long deploymentId, long agentId, DeploymentState after,
            Instant releasedAt) {
    }


    /** The event to replay: the one recorded under the request's key, if it was the same request. */
    private static RecordedEvent replay(RecordedEvent previous, TrafficRequest request, String fingerprint) {
        if (previous != null && !fingerprint.equals(previous.fingerprint())) {
            throw new TightropeException(ErrorCode.CONFLICT, "Idempotency key '" + request.idempotencyKey()
                    + "' was already used for a different request; use a new key for a new change.",
                    Map.of("generation", previous.generation()));
        }
        return previous;
    }

    private static Outcome replayed(RecordedEvent previous, TrafficRequest request) {
        DeploymentEvent event = new DeploymentEvent(previous.id(), request.agent(), request.environment(),
                previous.generation(), previous.type(), previous.trigger(), previous.fromVersion(),
                previous.toVersion(), previous.rolloutId(), previous.weightBefore(), previous.weightAfter(),
                previous.actor(), previous.reason(), previous.decidedAt(), previous.committedAt(),
                previous.propagation());
        return new Outcome(event, previous.deploymentId(), 0, null, null);
    }

    private Uni<Outcome> apply(TrafficTransaction transaction, long agentId, TrafficRequest request,
            String fingerprint, Instant decidedAt) {
        LockedDeployment locked = transaction.locked();
        Integer version = versionOf(request.command());
        if (version != null && !locked.versionExists()) {
            throw TightropeException.notFound("Agent '" + request.agent() + "' has no version " + version);
        }
        checkRollbackTarget(locked, request);
        DeploymentState before = new DeploymentState(locked.stableVersion(), locked.generation(), locked.rollout(),
                locked.toolGates());
        TrafficChange change = TrafficTransitions.apply(before, resolve(locked, before, request.command()),
                request.expectedGeneration());
        Instant now = now();
        Decision decision = decision(agentId, locked, change, request, fingerprint, decidedAt, now);
        return transaction.write(decision).map(written -> {
            Rollout rollout = change.after().rollout() == null ? null
                    : withId(change.after().rollout(), written.rolloutId());
            DeploymentState after = new DeploymentState(change.after().stableVersion(), change.after().generation(),
                    rollout, change.after().toolGates());
            Propagation propagation = written.runtimesExpected() == 0
                    ? new Propagation(PropagationStatus.NO_RUNTIMES, now, 0, 0)
                    : new Propagation(PropagationStatus.PENDING, null, written.runtimesExpected(), 0);
            DeploymentEvent event = new DeploymentEvent(written.eventId(), request.agent(), request.environment(),
                    decision.generation(), decision.type(), decision.trigger(), decision.fromVersion(),
                    decision.toVersion(), written.rolloutId(), decision.weightBefore(), decision.weightAfter(),
                    decision.actor(), decision.reason(), decidedAt, now, propagation);
            Instant releasedAt = change.type() != TrafficChangeType.ROLLED_BACK ? null
                    : before.rollout() != null ? locked.rolloutStartedAt() : locked.stableReleasedAt();
            return new Outcome(event, locked.id(), agentId, after, releasedAt);
        });
    }

    private Decision decision(long agentId, LockedDeployment locked, TrafficChange change, TrafficRequest request,
            String fingerprint, Instant decidedAt, Instant now) {
        Rollout started = change.before().rollout() == null ? change.after().rollout() : null;
        Rollout existing = change.before().rollout();
        Integer rolloutWeight = null;
        RolloutStatus rolloutStatus = null;
        Instant endedAt = null;
        if (existing != null) {
            if (change.after().rollout() != null) {
                rolloutWeight = change.after().rollout().weight();
                rolloutStatus = change.after().rollout().status();
            } else {
                rolloutWeight = existing.weight();
                rolloutStatus = change.type() == TrafficChangeType.PROMOTED
                        ? RolloutStatus.PROMOTED : RolloutStatus.ROLLED_BACK;
                endedAt = now;
            }
        }
        return new Decision(locked.id(), agentId, request.environment(), started != null,
                started == null ? null : started.canaryVersion(), started == null ? null : started.baselineVersion(),
                started == null ? null : started.weight(), started == null ? null : started.salt(),
                existing == null ? null : existing.id(), rolloutWeight, rolloutStatus, endedAt,
                change.after().stableVersion(), change.after().generation(), change.after().rollout() != null,
                change.type(), request.trigger(), change.fromVersion(), change.toVersion(), change.weightBefore(),
                change.weightAfter(), request.actor(), request.reason() == null ? "" : request.reason().strip(),
                decidedAt, now, request.idempotencyKey(), fingerprint,
                now.minus(config.runtimeLiveness()), now.plus(config.propagationTimeout()),
                ToolGatesJson.write(change.after().toolGates()));
    }

    private static Rollout withId(Rollout rollout, Long id) {
        return rollout.id() != null ? rollout
                : new Rollout(id, rollout.canaryVersion(), rollout.baselineVersion(), rollout.weight(),
                        rollout.salt(), rollout.status());
    }

    private static Integer versionOf(TrafficCommand command) {
        if (command instanceof TrafficCommand.Deploy deploy) {
            return deploy.version();
        } else if (command instanceof TrafficCommand.StartRollout start) {
            return start.version();
        } else if (command instanceof TrafficCommand.Rollback rollback) {
            return rollback.toVersion();
        }
        return null;
    }

    /**
     * A rollback to a named version must return to one that was live here before (deployed, promoted or rolled back
     * to in this environment). Anything else would be a release, which the {@link ReleaseGuard} never sees for a
     * rollback: a version nobody ran in a protected or frozen environment, under another name. A fallback rule is
     * the exception: its version is declared in advance as the way back (docs/rules.md), and the guard was asked
     * about it as about a release of that version when it was never live here ({@link ReleaseGuard#isFallback}).
     */
    private static void checkRollbackTarget(LockedDeployment locked, TrafficRequest request) {
        if (request.command() instanceof TrafficCommand.Rollback rollback && rollback.toVersion() != null
                && request.trigger() != Trigger.RULE && !locked.versionWasStable()) {
            throw TightropeException.invalid(List.of(new Violation("toVersion", "version " + rollback.toVersion()
                    + " was never the stable version of '" + request.agent() + "' in " + request.environment()
                    + "; a rollback returns to a version that was live here, so deploy it instead")));
        }
    }

    /** Fills in what the server decides: a fresh salt for a rollout, the known-good target of a rollback. */
    private TrafficCommand resolve(LockedDeployment locked, DeploymentState state, TrafficCommand command) {
        if (command instanceof TrafficCommand.StartRollout start) {
            return new TrafficCommand.StartRollout(start.version(), start.weight(), Bucketing.newSalt(random));
        }
        if (command instanceof TrafficCommand.Rollback rollback && rollback.toVersion() == null
                && !state.hasActiveRollout() && state.stableVersion() != null) {
            List<RollbackTarget.StableChange> history = locked.lastForwardMoveToStable() == null ? List.of()
                    : List.of(locked.lastForwardMoveToStable());
            return new TrafficCommand.Rollback(null, RollbackTarget.previousStable(history, state.stableVersion()));
        }
        return command;
    }

    private static void validate(TrafficRequest request) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("agent", request.agent(), violations);
        AgentRules.checkSlug("environment", request.environment(), violations);
        if (request.reason() != null && request.reason().length() > MAX_REASON_LENGTH) {
            violations.add(new Violation("reason", "is longer than " + MAX_REASON_LENGTH + " characters"));
        }
        if (request.idempotencyKey() != null && (request.idempotencyKey().isBlank()
                || request.idempotencyKey().length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            violations.add(new Violation("idempotencyKey",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters"));
        }
        if (request.expectedGeneration() != null && request.expectedGeneration() < 0) {
            violations.add(new Violation("expectedGeneration", "must be 0 or more"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }

    static DeploymentEvent toDomain(DeploymentEventEntity event, String agent, String environment) {
        return new DeploymentEvent(event.id, agent, environment, event.generation, event.type, event.trigger,
                event.fromVersion, event.toVersion, event.rolloutId, event.weightBefore, event.weightAfter,
                event.actor, event.reason, event.decidedAt, event.committedAt, null);
    }
}
