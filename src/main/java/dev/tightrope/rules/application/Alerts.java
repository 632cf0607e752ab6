package dev.tightrope.rules.application;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.rules.persistence.AlertStore;
import dev.tightrope.rules.domain.ActionKey;
import dev.tightrope.rules.domain.Alert;
import dev.tightrope.rules.domain.AlertOnset;
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

    /**
     * When the breaches behind rule actions were first seen, by the actions' idempotency keys: what rollback
     * statistics measure a rule's time to detect from. Keys that are not a rule action's, or whose firing has no
     * alert, are left out.
     */
    public Uni<Map<String, AlertOnset>> onsets(Collection<String> actionKeys) {
        List<ActionKey> keys = actionKeys.stream().map(ActionKey::parse).filter(Objects::nonNull).distinct()
                .toList();
        return store.onsets(keys).map(onsets -> onsets.stream()
                .collect(Collectors.toMap(AlertOnset::actionKey, Function.identity(), (a, b) -> a)));
    }
}
