package dev.tightrope.governance.domain;

import org.eclipse.microprofile.graphql.Description;

/**
 * Where a change request is. PENDING until a second person decides; APPROVED while its change is being applied;
 * then one of the final states.
 */
@Description("Where a change request is: PENDING until someone decides, then one of the final states.")
public enum ChangeState {
    @Description("Waiting for a second person's approval.")
    PENDING,
    @Description("Approved; its change is being applied right now.")
    APPROVED,
    @Description("Approved and applied: the change is in the deployment's history (eventGeneration).")
    APPLIED,
    @Description("Rejected by a second person (decisionReason says why).")
    REJECTED,
    @Description("Nobody decided before it expired (24 h by default).")
    EXPIRED,
    @Description("The deployment changed after the request (its generation moved on): not applied; request again.")
    STALE,
    @Description("Approved, but the change was refused when applied (outcome says why); nothing changed.")
    FAILED;

    public boolean isFinal() {
        return this != PENDING && this != APPROVED;
    }
}
