package dev.tightrope.release.application;

/**
 * What a traffic change brings to its {@link ReleaseGuard} besides itself.
 *
 * @param freezeOverride  an ADMIN's reason to act during a release freeze ({@code overrideFreeze}); whoever passes
 *                        it on has checked the role. {@code null}: none
 * @param changeRequestId the approved change request this change applies; {@code null}: none
 * @param overriddenBy    who overrides the freeze when it is not the change's actor (the approver of a change
 *                        request); {@code null}: the actor
 */
public record Clearance(String freezeOverride, Long changeRequestId, String overriddenBy) {

    /** Nothing beyond the change itself. */
    public static final Clearance NONE = new Clearance(null, null, null);

    /** Only an override of a freeze by the change's own actor, if the text is not blank. */
    public static Clearance overridingFreeze(String reason) {
        return reason == null || reason.isBlank() ? NONE : new Clearance(reason.strip(), null, null);
    }

    public boolean overridesFreeze() {
        return freezeOverride != null && !freezeOverride.isBlank();
    }
}
