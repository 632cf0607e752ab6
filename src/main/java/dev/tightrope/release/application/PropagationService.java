package dev.tightrope.release.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.platform.instance.InstanceId;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.release.domain.ReleaseErrors;
import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.persistence.AcknowledgementStore;
import dev.tightrope.release.persistence.PropagationRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Knows which runtimes hold which configuration, and when a traffic change has reached all of them.
 *
 * <ol>
 * <li>A runtime subscribing to {@code configChanged} with a runtimeId is recorded as connected (on any instance;
 * each instance confirms its live subscriptions periodically, so those of a dead instance expire).</li>
 * <li>When a traffic change commits, the runtimes connected at that moment are the ones it must reach.</li>
 * <li>Each {@code acknowledgeConfig(generation)} counts for every change up to that generation; when all expected
 * runtimes have acknowledged, the event's {@code propagatedAt} is set. After
 * {@code tightrope.release.propagation-timeout} it is set to the deadline with status TIMED_OUT instead.</li>
 * </ol>
 */
@ApplicationScoped
public class PropagationService {

    private static final Logger LOG = Logger.getLogger(PropagationService.class);
    public static final int MAX_RUNTIME_ID_LENGTH = 200;

    /** What an acknowledgement achieved. */
    public record Acknowledgement(String agent, String environment, String runtimeId, long generation,
            Instant acknowledgedAt, int eventsPropagated) {
    }

    private final Sessions sessions;
    private final RegistryLookup registry;
    private final AgentIds agentIds;
    private final AcknowledgementStore acknowledgements;
    private final PropagationRepository propagation;
    private final ReleaseMetrics metrics;
    private final InstanceId instance;
    private final Clock clock;

    PropagationService(Sessions sessions, RegistryLookup registry, AgentIds agentIds,
            AcknowledgementStore acknowledgements, PropagationRepository propagation, ReleaseMetrics metrics,
            InstanceId instance, Clock clock) {
        this.sessions = sessions;
        this.registry = registry;
        this.agentIds = agentIds;
        this.acknowledgements = acknowledgements;
        this.propagation = propagation;
        this.metrics = metrics;
        this.instance = instance;
        this.clock = clock;
    }

    /** Records a runtime's subscription; returns its id for {@link #disconnected}. */
    public Uni<Long> connected(String agent, String environment, String runtimeId) {
        checkRuntime(agent, environment, runtimeId);
        return sessions.transaction(() -> registry.agentId(agent).chain(agentId -> propagation.subscribe(agentId,
                environment, runtimeId, instance.value(), clock.instant())));
    }

    public Uni<Void> disconnected(long subscriptionId) {
        return sessions.transaction(() -> propagation.unsubscribe(subscriptionId, clock.instant())).replaceWithVoid();
    }

    /**
     * The propagation of one event as recorded now (acknowledgements may arrive at any instance, so this reads the
     * database); {@code null} for an unknown event.
     */
    public Uni<Propagation> propagationOf(long eventId) {
        return sessions.read(() -> propagation.of(List.of(eventId)).map(known -> known.get(eventId)));
    }

    /** Within the caller's session: the propagation of events, by id. */
    Uni<java.util.Map<Long, Propagation>> of(List<Long> eventIds) {
        return propagation.of(eventIds);
    }

    public Uni<Acknowledgement> acknowledge(String agent, String environment, long generation, String runtimeId) {
        checkRuntime(agent, environment, runtimeId);
        Instant now = clock.instant();
        return agentIds.of(agent)
                .chain(agentId -> acknowledgements.acknowledge(agentId, environment, runtimeId, generation, now))
                .map(outcome -> {
                    if (!outcome.deployed()) {
                        throw ReleaseErrors.nothingDeployed(agent, environment);
                    }
                    if (generation < 1 || generation > outcome.generation()) {
                        throw TightropeException.invalid(List.of(new Violation("generation",
                                "must be between 1 and the deployment's generation " + outcome.generation())));
                    }
                    // completed rollbacks feed the decision -> propagated timer
                    outcome.completed().forEach(event -> metrics.propagated(event.type(), event.trigger(),
                            event.decidedAt(), now));
                    return new Acknowledgement(agent, environment, runtimeId, generation, now,
                            outcome.completed().size());
                });
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> timeOutPending() {
        return sessions.transaction(() -> propagation.timeOut(clock.instant()))
                .invoke(ids -> {
                    if (!ids.isEmpty()) {
                        LOG.debugf("Propagation timed out for events %s", ids);
                    }
                })
                .onFailure().invoke(error -> LOG.debugf("Propagation timeout check skipped: %s", error.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * When this instance stops, its runtimes' subscriptions end with it: marked disconnected at once, so that a change
     * made on another instance (or on this one after a restart) does not wait for runtimes that are gone. Without it
     * they counted as connected until {@code tightrope.release.runtime-liveness} (30 s) had passed without this
     * instance's heartbeat, and a change in those seconds waited for their acknowledgement until its timeout. An
     * instance killed outright still leaves them to that liveness.
     */
    void disconnectAllOnStop(@Observes ShutdownEvent stopping) {
        try {
            Integer ended = propagation.disconnectInstance(instance.value(), clock.instant()).await()
                    .atMost(java.time.Duration.ofSeconds(5));
            LOG.debugf("Stopping: %d runtime subscriptions of this instance marked disconnected", ended);
        } catch (RuntimeException failure) {
            LOG.warnf("Stopping: could not mark this instance's runtime subscriptions disconnected (they count as "
                    + "connected until the runtime liveness passes): %s", failure.toString());
        }
    }

    @Scheduled(every = "${tightrope.release.subscription-heartbeat:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> confirmSubscriptions() {
        return sessions.transaction(() -> propagation.heartbeat(instance.value(), clock.instant()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static void checkRuntime(String agent, String environment, String runtimeId) {
        List<Violation> violations = new java.util.ArrayList<>();
        AgentRules.checkSlug("agent", agent, violations);
        AgentRules.checkSlug("environment", environment, violations);
        if (runtimeId == null || runtimeId.isBlank() || runtimeId.length() > MAX_RUNTIME_ID_LENGTH) {
            violations.add(new Violation("runtimeId", "must be 1 to " + MAX_RUNTIME_ID_LENGTH + " characters, "
                    + "not only blanks"));
        } else if (InputContract.stringProblem(runtimeId) != null) {
            // the GraphQL and JSON entry points check this too; a stream's query parameter arrives here unchecked
            violations.add(new Violation("runtimeId", InputContract.stringProblem(runtimeId)));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }
}
