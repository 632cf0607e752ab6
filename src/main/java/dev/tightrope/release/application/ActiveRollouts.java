package dev.tightrope.release.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.persistence.RunningRolloutStore;
import dev.tightrope.release.persistence.RunningRolloutStore.ActiveRollout;
import io.smallrye.mutiny.Uni;

/** The running and paused rollouts, for automations that drive them (the judge's scheduler). */
@ApplicationScoped
public class ActiveRollouts {

    private final RunningRolloutStore store;

    ActiveRollouts(RunningRolloutStore store) {
        this.store = store;
    }

    public Uni<List<ActiveRollout>> all() {
        return store.active();
    }

    /** The rollout if it is still running or paused, else null. */
    public Uni<ActiveRollout> active(long rolloutId) {
        return store.byId(rolloutId);
    }
}
