package dev.tightrope.rules.application;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.rules.persistence.AlertStore;
import dev.tightrope.rules.domain.Alert;
import io.smallrye.mutiny.Uni;

/** Reading and acknowledging alerts. */
@ApplicationScoped
public class Alerts {

    public static final String CURSOR = "alert";

    private final AlertStore store;
    private final AlertFeed feed;
    private final Clock clock;

    Alerts(AlertStore store, AlertFeed feed, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.clock = clock;
    }

    /**
     * Newest first.
     *
     * @param state FIRING, RESOLVED or null for both
     */
    public Uni<Page<Alert>> page(String state, String agent, PageRequest request) {
        if (state != null && !state.equals("FIRING") && !state.equals("RESOLVED")) {
            throw TightropeException.invalid(List.of(new Violation("state", "must be FIRING or RESOLVED")));
        }
        return store.page(state, agent, request.afterKey(), request.first() + 1)
                .map(rows -> Page.fromOverfetched(rows, request, Alert::id, alert -> alert));
    }

    /** One alert; NOT_FOUND when there is no such alert. */
    public Uni<Alert> find(long alertId) {
        return store.byId(alertId).map(alert -> {
            if (alert == null) {
                throw TightropeException.notFound("Alert " + alertId + " does not exist");
            }
            return alert;
        });
    }

    /** Acknowledges an alert once; NOT_FOUND for no such alert, CONFLICT when someone already did. */
    public Uni<Alert> acknowledge(long alertId, String actor) {
        return store.acknowledge(alertId, actor, clock.instant()).chain(acknowledged -> {
            if (acknowledged != null) {
                feed.publish(AlertFeed.Change.ACKNOWLEDGED, acknowledged);
                return Uni.createFrom().item(acknowledged);
            }
            return store.byId(alertId).map(existing -> {
                if (existing == null) {
                    throw TightropeException.notFound("Alert " + alertId + " does not exist");
                }
                throw TightropeException.conflict("Alert " + alertId + " was already acknowledged by "
                        + existing.acknowledgedBy() + " at " + existing.acknowledgedAt());
            });
        });
    }
}
