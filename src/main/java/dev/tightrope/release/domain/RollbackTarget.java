package dev.tightrope.release.domain;

import java.util.List;

/**
 * Finds the version a rollback without a canary returns to: the last known-good stable version.
 *
 * <p>It is not simply "the version before the current one": after {@code 1 → 2 → 3} and a rollback to 2, a second
 * rollback must go to 1, not back to the bad 3. So the target is where the current stable version came from when it
 * last went live <em>forward</em> (deployed or promoted); rollbacks are not forward moves.
 *
 * <pre>
 * DEPLOYED ∅→1, DEPLOYED 1→2, DEPLOYED 2→3, ROLLED_BACK 3→2   current 2 → target 1 (from "DEPLOYED 1→2")
 * DEPLOYED ∅→1, DEPLOYED 1→2, ROLLED_BACK 2→1                 current 1 → none (1 came from nothing)
 * DEPLOYED ∅→1, PROMOTED 1→4                                  current 4 → target 1
 * </pre>
 */
public final class RollbackTarget {

    private RollbackTarget() {
    }

    /** A change of the stable version, as recorded in the event history. */
    public record StableChange(TrafficChangeType type, Integer fromVersion, int toVersion) {
    }

    /**
     * @param history stable-version changes, oldest first
     * @return the version to roll back to, or {@code null} when there is none
     */
    public static Integer previousStable(List<StableChange> history, int currentStable) {
        for (int i = history.size() - 1; i >= 0; i--) {
            StableChange change = history.get(i);
            boolean forward = change.type() == TrafficChangeType.DEPLOYED
                    || change.type() == TrafficChangeType.PROMOTED;
            if (forward && change.toVersion() == currentStable) {
                return change.fromVersion();
            }
        }
        return null;
    }
}
