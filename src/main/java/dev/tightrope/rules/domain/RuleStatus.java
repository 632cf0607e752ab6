package dev.tightrope.rules.domain;

import java.time.Instant;

/**
 * A rule's state on one deployment, as kept between evaluations.
 *
 * @param since        when the current state began (for PENDING: when the breach was first seen)
 * @param firings      how many times the rule has fired on this deployment (the current firing's number)
 * @param lastActionAt when the rule last acted, for the cooldown; null if never
 */
public record RuleStatus(RuleState state, Instant since, long firings, Instant lastActionAt) {

    /** A rule that has never been evaluated on the deployment. */
    public static RuleStatus initial(Instant now) {
        return new RuleStatus(RuleState.OK, now, 0, null);
    }
}
