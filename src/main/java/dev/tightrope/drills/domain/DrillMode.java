package dev.tightrope.drills.domain;

import org.eclipse.microprofile.graphql.Description;

/** How a rollback drill proves that rollback works. */
@Description("How a rollback drill proves that rollback works.")
public enum DrillMode {
    @Description("Rehearses the switch: the rollback target is complete and resolvable, the rollback's transaction "
            + "runs with every lock and constraint and is then rolled back. Nothing changes; runtimes see nothing.")
    DRY_RUN,
    @Description("Rolls back for real to the previous known-good version, waits until every connected runtime "
            + "has acknowledged it, then rolls forward to the version that was live, timing each step.")
    LIVE
}
