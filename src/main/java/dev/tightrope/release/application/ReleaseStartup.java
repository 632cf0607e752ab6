package dev.tightrope.release.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tightrope.platform.notify.ChangeNotifications;
import io.quarkus.runtime.StartupEvent;

/**
 * Wires the routing tables to the database at startup: load every table, reload one when its deployment's change is
 * announced (channel {@value #CHANNEL}, payload {@code <deployment id>:<generation>}), and reload all after the
 * change listener reconnects, since announcements made while it was down are lost.
 */
@ApplicationScoped
class ReleaseStartup {

    static final String CHANNEL = "tightrope_deployment";
    private static final Logger LOG = Logger.getLogger(ReleaseStartup.class);

    void start(@Observes StartupEvent event, RoutingTables tables, ChangeNotifications notifications) {
        notifications.subscribe(CHANNEL, payload -> announced(tables, payload));
        notifications.onConnected(heartbeat -> {
            if (heartbeat) {
                tables.markSynced();
            } else {
                reloadAll(tables);
            }
        });
        reloadAll(tables);
    }

    private static void announced(RoutingTables tables, String payload) {
        int colon = payload.indexOf(':');
        try {
            long deploymentId = Long.parseLong(payload.substring(0, colon));
            long generation = Long.parseLong(payload.substring(colon + 1));
            if (generation > tables.generationOf(deploymentId)) {
                tables.refresh(deploymentId).subscribe().with(
                        ignored -> { },
                        error -> LOG.warnf("Could not reload deployment %d: %s", deploymentId, error.toString()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring malformed deployment notification '%s'", payload);
        }
    }

    private static void reloadAll(RoutingTables tables) {
        tables.refreshAll().subscribe().with(
                count -> LOG.debugf("Loaded %d routing tables", count),
                error -> LOG.warnf("Could not load routing tables (route() answers from memory): %s",
                        error.toString()));
    }
}
