package dev.tightrope.bench;

/**
 * Whatever watches a traffic change arrive: B's route() pollers or C's {@code configChanged} subscribers. The
 * rollback loop ({@link RollbackLoop}) only needs to know when all of them have caught up with a generation, and to
 * hand them the {@link Watch} of the rollback being timed.
 */
interface Observers {

    /** How many observers a {@link Watch} must wait for. */
    int count();

    /** Whether every observer has caught up with {@code generation} (and, where it applies, acknowledged it). */
    boolean allAtLeast(long generation);

    /** The rollback being timed from now on, or {@code null} between rollbacks. */
    void watch(Watch watch);
}
