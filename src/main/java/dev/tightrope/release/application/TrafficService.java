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
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.release.domain.Bucketing;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.DeploymentState;
import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.RollbackTarget;
import dev.tightrope.release.domain.RollbackTarget.StableChange;
import dev.tightrope.release.domain.RolloutStatus;
import dev.tightrope.release.domain.TrafficChange;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.TrafficTransitions;
import dev.tightrope.release.persistence.DeploymentEntity;
import dev.tightrope.release.persistence.DeploymentEventEntity;
import dev.tightrope.release.persistence.DeploymentEventRepository;
import dev.tightrope.release.persistence.DeploymentRepository;
import dev.tightrope.release.persistence.RolloutEntity;
import dev.tightrope.release.persistence.RolloutRepository;
import io.smallrye.mutiny.Uni;

/**
 * Applies traffic changes: deploy, rollouts, promote, pause/resume, rollback.
 *
 * <p>Each change is one transaction: lock the deployment row (creating it on first use), replay an idempotent retry
 * if the key was seen, check the referenced versions, let {@link TrafficTransitions} decide, then write the
 * deployment, the rollout and the event together. The deployment row's trigger NOTIFYs every instance on commit;
 * this instance also refreshes its routing table before answering, so its own {@code route()} reflects the change
 * as soon as the caller hears back.
 */
@ApplicationScoped
public class TrafficService {

    public static final int MAX_REASON_LENGTH = 2000;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final Sessions sessions;
    private final RegistryLookup registry;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;
    private final DeploymentEventRepository events;
    private final RoutingTables routing;
    private final ReleaseMetrics metrics;
    private final PropagationService propagation;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TrafficService(Sessions sessions, RegistryLookup registry, DeploymentRepository deployments,
            RolloutRepository rollouts, DeploymentEventRepository events, RoutingTables routing,
            ReleaseMetrics metrics, PropagationService propagation, Clock clock) {
        this.propagation = propagation;
        this.sessions = sessions;
        this.registry = registry;
        this.deployments = deployments;
        this.rollouts = rollouts;
        this.events = events;
        this.routing = routing;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The recorded event; for an idempotent retry, the event of the first call (nothing changes again). */
    public Uni<DeploymentEvent> change(TrafficRequest request) {
        validate(request);
        Instant decidedAt = clock.instant();
        String fingerprint = request.fingerprint();
        return sessions.transaction(() -> registry.agentId(request.agent())
                .chain(agentId -> deployments.lockOrCreate(agentId, request.environment(), decidedAt)
                        .chain(deployment -> replay(request, fingerprint).chain(previous -> previous != null
                                ? propagation.of(List.of(previous.id))
                                        .map(known -> new Outcome(previous, true, known.get(previous.id)))
                                : apply(agentId, deployment, request, fingerprint, decidedAt)
                                        .chain(event -> propagation.track(event, agentId, request.environment())
                                                .map(tracked -> new Outcome(event, false, tracked)))))))
                .call(outcome -> outcome.replayed() ? Uni.createFrom().voidItem()
                        : routing.refresh(outcome.event().deploymentId).onFailure().recoverWithNull())
                .invoke(outcome -> {
                    if (!outcome.replayed()) {
                        metrics.trafficChanged(outcome.event());
                    }
                })
                .map(outcome -> toDomain(outcome.event(), request.agent(), request.environment())
                        .withPropagation(outcome.propagation()));
    }

    private record Outcome(DeploymentEventEntity event, boolean replayed, Propagation propagation) {
    }

    private Uni<DeploymentEventEntity> replay(TrafficRequest request, String fingerprint) {
        if (request.idempotencyKey() == null) {
            return Uni.createFrom().nullItem();
        }
        return events.findByIdempotencyKey(request.idempotencyKey()).map(previous -> {
            if (previous != null && !fingerprint.equals(previous.requestFingerprint)) {
                throw new TightropeException(ErrorCode.CONFLICT, "Idempotency key '" + request.idempotencyKey()
                        + "' was already used for a different request; use a new key for a new change.",
                        Map.of("generation", previous.generation));
            }
            return previous;
        });
    }

    private Uni<DeploymentEventEntity> apply(long agentId, DeploymentEntity deployment, TrafficRequest request,
            String fingerprint, Instant decidedAt) {
        return loadRollout(deployment)
                .chain(rollout -> checkVersions(agentId, request).replaceWith(rollout))
                .chain(rollout -> {
                    DeploymentState state = new DeploymentState(deployment.stableVersion, deployment.generation,
                            rollout == null ? null : rollout.toDomain());
                    return resolve(deployment, state, request.command()).map(command ->
                            TrafficTransitions.apply(state, command, request.expectedGeneration()))
                            .chain(change -> store(agentId, deployment, rollout, change, request, fingerprint,
                                    decidedAt));
                });
    }

    private Uni<RolloutEntity> loadRollout(DeploymentEntity deployment) {
        return deployment.activeRolloutId == null ? Uni.createFrom().nullItem()
                : rollouts.findById(deployment.activeRolloutId);
    }

    private Uni<Void> checkVersions(long agentId, TrafficRequest request) {
        Integer version = null;
        if (request.command() instanceof TrafficCommand.Deploy deploy) {
            version = deploy.version();
        } else if (request.command() instanceof TrafficCommand.StartRollout start) {
            version = start.version();
        } else if (request.command() instanceof TrafficCommand.Rollback rollback) {
            version = rollback.toVersion();
        }
        return version == null ? Uni.createFrom().voidItem()
                : registry.requireVersion(agentId, request.agent(), version);
    }

    /** Fills in what the server decides: a fresh salt for a rollout, the known-good target of a rollback. */
    private Uni<TrafficCommand> resolve(DeploymentEntity deployment, DeploymentState state, TrafficCommand command) {
        if (command instanceof TrafficCommand.StartRollout start) {
            return Uni.createFrom().item(new TrafficCommand.StartRollout(start.version(), start.weight(),
                    Bucketing.newSalt(random)));
        }
        if (command instanceof TrafficCommand.Rollback rollback && rollback.toVersion() == null
                && !state.hasActiveRollout() && state.stableVersion() != null) {
            return events.forwardMovesTo(deployment.id, state.stableVersion()).map(moves -> {
                List<StableChange> history = new ArrayList<>();
                for (int i = moves.size() - 1; i >= 0; i--) {
                    DeploymentEventEntity move = moves.get(i);
                    history.add(new StableChange(move.type, move.fromVersion, move.toVersion));
                }
                return new TrafficCommand.Rollback(null,
                        RollbackTarget.previousStable(history, state.stableVersion()));
            });
        }
        return Uni.createFrom().item(command);
    }

    private Uni<DeploymentEventEntity> store(long agentId, DeploymentEntity deployment, RolloutEntity rollout,
            TrafficChange change, TrafficRequest request, String fingerprint, Instant decidedAt) {
        Instant now = clock.instant();
        Uni<Long> rolloutId;
        if (change.after().rollout() != null && change.before().rollout() == null) {
            RolloutEntity started = new RolloutEntity();
            started.deploymentId = deployment.id;
            started.agentId = agentId;
            started.canaryVersion = change.after().rollout().canaryVersion();
            started.baselineVersion = change.after().rollout().baselineVersion();
            started.weight = change.after().rollout().weight();
            started.salt = change.after().rollout().salt();
            started.status = RolloutStatus.RUNNING;
            started.startedAt = now;
            rolloutId = rollouts.persist(started).map(entity -> entity.id);
        } else if (rollout != null) {
            if (change.after().rollout() != null) {
                rollout.weight = change.after().rollout().weight();
                rollout.status = change.after().rollout().status();
            } else {
                rollout.status = change.type() == dev.tightrope.release.domain.TrafficChangeType.PROMOTED
                        ? RolloutStatus.PROMOTED : RolloutStatus.ROLLED_BACK;
                rollout.endedAt = now;
            }
            rolloutId = Uni.createFrom().item(rollout.id);
        } else {
            rolloutId = Uni.createFrom().nullItem();
        }
        return rolloutId.chain(id -> {
            deployment.stableVersion = change.after().stableVersion();
            deployment.generation = change.after().generation();
            deployment.activeRolloutId = change.after().rollout() == null ? null : id;
            deployment.updatedAt = now;
            DeploymentEventEntity event = new DeploymentEventEntity();
            event.deploymentId = deployment.id;
            event.generation = change.after().generation();
            event.type = change.type();
            event.trigger = request.trigger();
            event.fromVersion = change.fromVersion();
            event.toVersion = change.toVersion();
            event.rolloutId = id;
            event.weightBefore = change.weightBefore();
            event.weightAfter = change.weightAfter();
            event.actor = request.actor();
            event.reason = request.reason() == null ? "" : request.reason().strip();
            event.decidedAt = decidedAt;
            event.committedAt = now;
            event.idempotencyKey = request.idempotencyKey();
            event.requestFingerprint = fingerprint;
            return events.persist(event);
        });
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
