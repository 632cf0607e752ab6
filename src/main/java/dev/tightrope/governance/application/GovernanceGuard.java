package dev.tightrope.governance.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.governance.domain.Freeze;
import dev.tightrope.governance.domain.GovernanceErrors;
import dev.tightrope.governance.domain.Protection;
import dev.tightrope.governance.persistence.GovernanceStore;
import dev.tightrope.release.application.Clearance;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.ReleaseGuard;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.domain.TrafficCommand;
import io.smallrye.mutiny.Uni;

/**
 * The release guard of protected environments and release freezes. {@link dev.tightrope.release.application
 * .TrafficService} asks it only about changes that put a version forward (deploy, startRollout, advanceRollout,
 * promote) by a person or a rollout's automation; rollbacks, pauses, circuit breakers, rules and drills never reach
 * it. In this order:
 * <ol>
 * <li><b>Freeze</b>: while a freeze of the deployment holds, FROZEN (with {@code frozenUntil} and the reason). A
 * person's change with an ADMIN's {@code overrideFreeze} goes ahead, noted in the event's reason; the judge and the
 * scheduler are always held, so a planned rollout waits at its step and goes on after the window.</li>
 * <li><b>Soak</b>: in a protected environment that requires it, a deploy or startRollout of a version that has not
 * been stable long enough in the earlier environment is SOAK_REQUIRED, whoever asks (approval does not lift it).</li>
 * <li><b>Approval</b>: in a protected environment that requires it, a person's change is APPROVAL_REQUIRED unless it
 * applies an approved change request.</li>
 * </ol>
 *
 * <p><b>Fallback rules.</b> A rule's {@code fallback TO VERSION n} is let through at once when version n was the
 * stable version of the environment before: then it is a rollback. Otherwise it would put a version live that
 * never ran there, decided by whoever wrote the rule, so it is checked as a release of n by automation: held while a
 * freeze holds (FROZEN), SOAK_REQUIRED without the soak, and APPROVAL_REQUIRED where releases need approval, since
 * nobody approved it. The rule then rolls back instead ({@code rules.application.RuleActions}).
 */
@ApplicationScoped
public class GovernanceGuard implements ReleaseGuard {

    private final GovernanceStore store;
    private final SoakCheck soaks;
    private final DeploymentQueries deployments;
    private final Clock clock;

    GovernanceGuard(GovernanceStore store, SoakCheck soaks, DeploymentQueries deployments, Clock clock) {
        this.store = store;
        this.soaks = soaks;
        this.deployments = deployments;
        this.clock = clock;
    }

    @Override
    public Uni<String> check(TrafficRequest request, Clearance clearance) {
        if (ReleaseGuard.isFallback(request)) {
            int version = ((TrafficCommand.Rollback) request.command()).toVersion();
            return deployments.wasStable(request.agent(), request.environment(), version)
                    .chain(wasStable -> wasStable ? Uni.createFrom().nullItem() : checkFallback(request, version));
        }
        Instant now = clock.instant();
        String agent = request.agent();
        String environment = request.environment();
        boolean person = ReleaseGuard.isPerson(request.trigger());
        String operation = request.command().operation();
        return Uni.combine().all().unis(store.freezes(environment, agent), store.protections(environment, agent))
                .asTuple().chain(found -> {
                    String note = freezeNote(found.getItem1(), request, clearance, now, person, operation);
                    Optional<Protection> protection = Protection.effective(found.getItem2(), agent, environment);
                    if (protection.isEmpty()) {
                        return Uni.createFrom().item(note);
                    }
                    return soak(protection.get(), request).map(ignored -> {
                        if (protection.get().requireApproval() && person && clearance.changeRequestId() == null) {
                            throw GovernanceErrors.approvalRequired(operation, agent, environment);
                        }
                        return note;
                    });
                });
    }

    /** A fallback rule's switch to a version never live in the environment: checked as a release of it. */
    private Uni<String> checkFallback(TrafficRequest request, int version) {
        String agent = request.agent();
        String environment = request.environment();
        return Uni.combine().all().unis(store.freezes(environment, agent), store.protections(environment, agent))
                .asTuple().chain(found -> {
                    Optional<Freeze.Holding> holding = Freeze.holding(found.getItem1(), agent, environment,
                            clock.instant());
                    if (holding.isPresent()) {
                        throw GovernanceErrors.fallbackFrozen(agent, environment, version, holding.get());
                    }
                    Optional<Protection> protection = Protection.effective(found.getItem2(), agent, environment);
                    if (protection.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Uni<Void> soaked = protection.get().requiresSoak()
                            ? soak(protection.get(), agent, environment, version) : Uni.createFrom().voidItem();
                    return soaked.map(ignored -> {
                        if (protection.get().requireApproval()) {
                            throw GovernanceErrors.fallbackNeedsApproval(agent, environment, version);
                        }
                        return null;
                    });
                });
    }

    /**
     * SOAK_REQUIRED when the protection in force for the deployment requires a soak that {@code version} has not
     * had; for a change request, which is checked when it is asked for as well as when it is applied.
     */
    public Uni<Void> checkSoak(String agent, String environment, int version) {
        return store.protections(environment, agent).chain(found -> {
            Optional<Protection> protection = Protection.effective(found, agent, environment);
            if (protection.isEmpty() || !protection.get().requiresSoak()) {
                return Uni.createFrom().voidItem();
            }
            return soak(protection.get(), agent, environment, version);
        });
    }

    private Uni<Void> soak(Protection protection, String agent, String environment, int version) {
        return soaks.evaluate(agent, protection.soakEnvironment(), version, protection.minimumSoak())
                .map(result -> {
                    if (!result.satisfied()) {
                        throw GovernanceErrors.soakRequired(agent, environment, result);
                    }
                    return null;
                });
    }

    private static String freezeNote(List<Freeze> freezes, TrafficRequest request, Clearance clearance,
            Instant now, boolean person, String operation) {
        Optional<Freeze.Holding> holding = Freeze.holding(freezes, request.agent(), request.environment(), now);
        if (holding.isEmpty()) {
            return null;
        }
        if (person && clearance.overridesFreeze()) {
            String who = clearance.overriddenBy() != null ? clearance.overriddenBy() : request.actor();
            return "[freeze " + holding.get().freeze().id() + " overridden by " + who + ": "
                    + clearance.freezeOverride() + "]";
        }
        throw GovernanceErrors.frozen(operation, request.agent(), request.environment(), holding.get(), !person);
    }

    private Uni<Void> soak(Protection protection, TrafficRequest request) {
        Integer version = request.command() instanceof TrafficCommand.Deploy deploy ? Integer.valueOf(deploy.version())
                : request.command() instanceof TrafficCommand.StartRollout start ? Integer.valueOf(start.version())
                : null;
        if (!protection.requiresSoak() || version == null) {
            return Uni.createFrom().voidItem();
        }
        return soak(protection, request.agent(), request.environment(), version);
    }
}
