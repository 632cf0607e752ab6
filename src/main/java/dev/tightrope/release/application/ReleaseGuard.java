package dev.tightrope.release.application;

import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import io.smallrye.mutiny.Uni;

/**
 * What {@link TrafficService} asks before a traffic change that puts a version forward: may it go ahead? Release
 * knows nothing of the rules behind the answer (protected environments, release freezes, soak times); they live in
 * a feature above it, which provides the implementation. Without one, every change goes ahead
 * ({@link AllowAllReleaseGuard}).
 *
 * <p><b>Rollback is never asked about.</b> {@link #mayBeHeld} is the one place that says which changes a guard may
 * hold: deploy, startRollout, advanceRollout and promote made by a person (API, DASHBOARD, SLACK) or by a rollout's
 * automation (JUDGE, SCHEDULE), and a fallback rule's switch to its declared version ({@link #isFallback}), which
 * is a rollback only when that version was live in the environment before: the guard lets it through then, and
 * treats it as a release of that version otherwise. Rollbacks, pauses, resumes and circuit breakers, and every
 * other change of a rule or a drill (whose roll-forward included), go ahead without the guard being called.
 */
public interface ReleaseGuard {

    /**
     * Completes with what to add to the change's reason ({@code null}: nothing) when the change may go ahead; fails
     * with the refusal (FROZEN, APPROVAL_REQUIRED, SOAK_REQUIRED, …) when it may not. Only called for changes that
     * {@link #mayBeHeld}.
     */
    Uni<String> check(TrafficRequest request, Clearance clearance);

    /** Whether a guard may hold this change at all; see the class comment. */
    static boolean mayBeHeld(TrafficRequest request) {
        TrafficCommand command = request.command();
        boolean forward = command instanceof TrafficCommand.Deploy || command instanceof TrafficCommand.StartRollout
                || command instanceof TrafficCommand.AdvanceRollout || command instanceof TrafficCommand.Promote;
        return forward && (isPerson(request.trigger()) || isAutomation(request.trigger())) || isFallback(request);
    }

    /** A fallback rule switching to its declared version: a rollback to a named version with trigger RULE. */
    static boolean isFallback(TrafficRequest request) {
        return request.trigger() == Trigger.RULE && request.command() instanceof TrafficCommand.Rollback rollback
                && rollback.toVersion() != null;
    }

    /** A person asked for it: the API, the dashboard or Slack. */
    static boolean isPerson(Trigger trigger) {
        return trigger == Trigger.API || trigger == Trigger.DASHBOARD || trigger == Trigger.SLACK;
    }

    /** A rollout plan's step: the judge or the scheduler moving a planned rollout on. */
    static boolean isAutomation(Trigger trigger) {
        return trigger == Trigger.JUDGE || trigger == Trigger.SCHEDULE;
    }
}
