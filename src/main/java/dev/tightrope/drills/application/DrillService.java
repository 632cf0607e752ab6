package dev.tightrope.drills.application;

import static dev.tightrope.drills.application.DrillRun.millis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.drills.domain.DrillMode;
import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.drills.persistence.DrillStore;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.registry.application.VersionService;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.registry.domain.AgentVersion;
import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.registry.domain.ComponentVersion;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.PropagationService;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.DeploymentState;
import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import dev.tightrope.release.domain.ReleaseErrors;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;

/**
 * Runs rollback drills (docs/drills.md). Every drill first <b>rehearses</b> the rollback that would happen now: the
 * release service runs the rollback's transaction with every lock, check and write, then rolls it back
 * ({@link TrafficService#rehearse}); and it checks that the version rolled back to is complete, all five components
 * resolvable. That is the whole of a {@link DrillMode#DRY_RUN}, which changes nothing.
 *
 * <p>A {@link DrillMode#LIVE} drill then does it for real, with trigger {@code DRILL}:
 * <ol>
 *   <li>{@code rollback} with {@code expectedGeneration} = the generation the drill started from, so a drill never
 *       overrides a change someone made meanwhile;</li>
 *   <li>waits until every runtime connected at that moment has acknowledged the rollback (or
 *       {@code tightrope.drills.propagation-wait} passes: the step is then recorded as not propagated, and the drill
 *       fails, but it still rolls forward);</li>
 *   <li>{@code deploy} of the version that was live, again with the generation its rollback produced (if the
 *       deployment moved meanwhile it is left as it is, and the drill fails saying so);</li>
 *   <li>waits for the roll-forward's acknowledgements the same way.</li>
 * </ol>
 * A LIVE drill is refused while a rollout is running (it would end the rollout); a DRY_RUN then rehearses rolling
 * the canary back. A drill that finds rollback impossible (nothing to roll back to, a refused switch, an incomplete
 * version) is recorded as failed with the reason: that is what drills are for. Only an unreachable database stops
 * a drill without a result.
 */
@ApplicationScoped
public class DrillService {

    private final DeploymentQueries deployments;
    private final TrafficService traffic;
    private final PropagationService propagation;
    private final VersionService versions;
    private final DrillStore store;
    private final DrillsConfig config;
    private final DrillMetrics metrics;
    private final Clock clock;

    DrillService(DeploymentQueries deployments, TrafficService traffic, PropagationService propagation,
            VersionService versions, DrillStore store, DrillsConfig config, DrillMetrics metrics, Clock clock) {
        this.deployments = deployments;
        this.traffic = traffic;
        this.propagation = propagation;
        this.versions = versions;
        this.store = store;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Drills one deployment and records the result.
     *
     * @param actor who asked: a person's {@code token:<name>}, or {@code schedule}
     * @param slot  the schedule slot of a scheduled drill, {@code null} for one a person runs
     * @return the recorded result; {@code null} when {@code slot} had already been drilled (by another instance)
     * @throws TightropeException VALIDATION (bad slugs, no mode), NOT_FOUND (nothing deployed), CONFLICT (LIVE
     *                            while a rollout runs), UNAVAILABLE (the database)
     */
    public Uni<DrillResult> run(String agent, String environment, DrillMode mode, String actor, Instant slot) {
        validate(agent, environment, mode);
        Instant started = clock.instant();
        return deployments.deployment(agent, environment).chain(deployment -> {
            if (deployment == null || deployment.state().stableVersion() == null) {
                throw ReleaseErrors.nothingDeployed(agent, environment);
            }
            DeploymentState state = deployment.state();
            if (mode == DrillMode.LIVE && state.hasActiveRollout()) {
                throw TightropeException.conflict("A rollout of version " + state.rollout().canaryVersion()
                        + " is in progress on " + agent + "/" + environment + " (" + state.rollout().status()
                        .name().toLowerCase(java.util.Locale.ROOT) + "): a LIVE drill would end it. Run a DRY_RUN, "
                        + "or drill once the rollout has ended.");
            }
            DrillRun run = new DrillRun(agent, environment, mode, actor, slot, started);
            run.deploymentId = deployment.id();
            run.fromVersion = state.hasActiveRollout() ? state.rollout().canaryVersion() : state.stableVersion();
            String drill = UUID.randomUUID().toString();
            return rehearse(run, state.generation())
                    .chain(() -> run.failed() ? Uni.createFrom().voidItem() : check(run))
                    .chain(() -> mode == DrillMode.LIVE && !run.failed() ? live(run, state.generation(), drill)
                            : Uni.createFrom().voidItem())
                    .chain(() -> store.record(run.deploymentId, run.finish(clock.instant())))
                    .invoke(result -> {
                        if (result != null) {
                            metrics.drilled(result);
                        }
                    });
        });
    }

    private Uni<Void> rehearse(DrillRun run, long generation) {
        return traffic.rehearse(request(run, new TrafficCommand.Rollback(null, null), generation, null,
                        "Rollback drill (" + run.mode + "): rehearsing the rollback"))
                .invoke(rehearsal -> {
                    run.toVersion = rehearsal.event().toVersion();
                    run.switchMillis = millis(rehearsal.took());
                })
                .onFailure(DrillService::refusal).recoverWithItem(failure -> {
                    run.fail("The rollback would be refused: " + failure.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    /** The version rolled back to exists and each of its five components resolves to content. */
    private Uni<Void> check(DrillRun run) {
        long started = System.nanoTime();
        if (run.toVersion == null) {
            run.fail("The rollback has no version to go to");
            return Uni.createFrom().voidItem();
        }
        return versions.get(run.agent, run.toVersion).invoke(version -> {
            List<String> missing = missingComponents(version);
            if (!missing.isEmpty()) {
                run.fail("Version " + run.toVersion + " cannot be served: " + String.join(", ", missing)
                        + " cannot be resolved");
            }
        }).onFailure(DrillService::refusal).recoverWithItem(failure -> {
            run.fail("Version " + run.toVersion + " cannot be loaded: " + failure.getMessage());
            return null;
        }).invoke(() -> run.checkMillis = millis(java.time.Duration.ofNanos(System.nanoTime() - started)))
                .replaceWithVoid();
    }

    static List<String> missingComponents(AgentVersion version) {
        List<String> missing = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            ComponentVersion component = version.component(kind);
            if (component == null || component.content() == null || component.content().isBlank()) {
                missing.add(kind.name());
            }
        }
        return missing;
    }

    private Uni<Void> live(DrillRun run, long generation, String drill) {
        return traffic.change(request(run, new TrafficCommand.Rollback(null, null), generation,
                        "drill:" + drill + ":rollback", "Rollback drill (LIVE): rolling back to version "
                                + run.toVersion + ", then forward to " + run.fromVersion))
                .onFailure(DrillService::refusal).recoverWithItem(failure -> {
                    run.fail("The rollback was refused: " + failure.getMessage());
                    return null;
                })
                .chain(rollback -> rollback == null ? Uni.createFrom().voidItem() : propagated(rollback)
                        .invoke(seen -> {
                            run.rollbackCommitMillis = millis(rollback.timeToCommit());
                            run.runtimesExpected = seen.runtimesExpected();
                            run.runtimesAcknowledged = seen.runtimesAcknowledged();
                            if (reached(seen)) {
                                run.rollbackPropagationMillis = millis(rollback.decidedAt(), seen.propagatedAt());
                            } else {
                                run.fail(notReached("rollback", seen));
                            }
                        })
                        .chain(() -> forward(run, rollback, drill)));
    }

    private Uni<Void> forward(DrillRun run, DeploymentEvent rollback, String drill) {
        return traffic.change(request(run, new TrafficCommand.Deploy(run.fromVersion), rollback.generation(),
                        "drill:" + drill + ":forward", "Rollback drill (LIVE): rolling forward to version "
                                + run.fromVersion))
                .onFailure(DrillService::refusal).recoverWithItem(failure -> {
                    run.fail(failure instanceof TightropeException refused && refused.code() == ErrorCode.CONFLICT
                            ? "The deployment changed during the drill (after its rollback to version "
                                    + run.toVersion + "): not rolled forward, left as it is now"
                            : "The roll-forward to version " + run.fromVersion + " was refused: "
                                    + failure.getMessage());
                    return null;
                })
                .chain(event -> event == null ? Uni.createFrom().voidItem() : propagated(event).invoke(seen -> {
                    run.forwardCommitMillis = millis(event.timeToCommit());
                    if (reached(seen)) {
                        run.forwardPropagationMillis = millis(event.decidedAt(), seen.propagatedAt());
                    } else {
                        run.fail(notReached("roll-forward", seen));
                    }
                }).replaceWithVoid());
    }

    /** The event's propagation once it is no longer PENDING, or as it stands when the wait is over. */
    private Uni<Propagation> propagated(DeploymentEvent event) {
        Propagation known = event.propagation();
        if (known != null && known.status() != PropagationStatus.PENDING) {
            return Uni.createFrom().item(known);
        }
        return poll(event.id(), clock.instant().plus(config.propagationWait()), known);
    }

    private Uni<Propagation> poll(long eventId, Instant deadline, Propagation last) {
        return propagation.propagationOf(eventId).chain(seen -> {
            Propagation now = seen != null ? seen : last;
            if (now != null && now.status() != PropagationStatus.PENDING || !clock.instant().isBefore(deadline)) {
                return Uni.createFrom().item(now);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(config.propagationPoll())
                    .chain(() -> poll(eventId, deadline, now));
        });
    }

    private static boolean reached(Propagation seen) {
        return seen != null && (seen.status() == PropagationStatus.ACKNOWLEDGED
                || seen.status() == PropagationStatus.NO_RUNTIMES);
    }

    private String notReached(String step, Propagation seen) {
        if (seen == null) {
            return "The " + step + "'s propagation is unknown";
        }
        return (seen.runtimesExpected() - seen.runtimesAcknowledged()) + " of " + seen.runtimesExpected()
                + " runtimes did not acknowledge the " + step + (seen.status() == PropagationStatus.TIMED_OUT
                        ? " before its propagation timed out" : " within " + config.propagationWait().toSeconds()
                                + " s");
    }

    /** A refusal by the service, which the drill records; an unreachable database is not one. */
    private static boolean refusal(Throwable failure) {
        return failure instanceof TightropeException refused && refused.code() != ErrorCode.UNAVAILABLE
                && refused.code() != ErrorCode.INTERNAL;
    }

    private static TrafficRequest request(DrillRun run, TrafficCommand command, long generation, String key,
            String reason) {
        return new TrafficRequest(run.agent, run.environment, command, generation, key, reason, Trigger.DRILL,
                run.actor);
    }

    private static void validate(String agent, String environment, DrillMode mode) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("agent", agent, violations);
        AgentRules.checkSlug("environment", environment, violations);
        if (mode == null) {
            violations.add(new Violation("mode", "is required: DRY_RUN or LIVE"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }
}
