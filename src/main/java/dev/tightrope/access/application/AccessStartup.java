package dev.tightrope.access.application;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tightrope.access.domain.Bootstrap.Mode;
import dev.tightrope.platform.notify.ChangeNotifications;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Wires access control at startup: runs the token bootstrap (a failure stops the application), and keeps the token
 * cache in step with the database — a token created or revoked anywhere is announced on channel {@value #CHANNEL}
 * (payload: its id), and after the change listener reconnects every cached token is reloaded.
 */
@ApplicationScoped
class AccessStartup {

    static final String CHANNEL = "tightrope_api_token";
    private static final Logger LOG = Logger.getLogger(AccessStartup.class);
    private static final Duration BOOTSTRAP_TIMEOUT = Duration.ofSeconds(60);

    void start(@Observes StartupEvent event, TokenBootstrap bootstrap, TokenAuthenticator authenticator,
            ChangeNotifications notifications) {
        bootstrap.run(mode(LaunchMode.current())).await().atMost(BOOTSTRAP_TIMEOUT);
        notifications.subscribe(CHANNEL, payload -> {
            try {
                authenticator.changed(Long.parseLong(payload));
            } catch (NumberFormatException e) {
                LOG.warnf("Ignoring malformed API token notification '%s'", payload);
            }
        });
        notifications.onConnected(heartbeat -> {
            if (!heartbeat) {
                authenticator.reloadAll();
            }
        });
    }

    static Mode mode(LaunchMode launchMode) {
        return switch (launchMode) {
            case DEVELOPMENT -> Mode.DEVELOPMENT;
            case TEST -> Mode.TEST;
            default -> Mode.PRODUCTION;
        };
    }
}
