package dev.tightrope.release.graphql;

import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.release.domain.Trigger;

/**
 * The trigger a traffic mutation over GraphQL records: {@link Trigger#DASHBOARD} when the request names the web
 * dashboard as its client ({@code X-Tightrope-Client: dashboard}, any case), {@link Trigger#API} otherwise. The
 * header only labels the change; who may make it is the token's role, as always.
 */
public final class ClientTriggers {

    /** The header value of the web dashboard. */
    public static final String DASHBOARD = "dashboard";

    private ClientTriggers() {
    }

    public static Trigger of(String client) {
        return client != null && DASHBOARD.equalsIgnoreCase(client.strip()) ? Trigger.DASHBOARD : Trigger.API;
    }

    /** The trigger of the request being handled. */
    public static Trigger current(ActorProvider actors) {
        return of(actors.client());
    }
}
