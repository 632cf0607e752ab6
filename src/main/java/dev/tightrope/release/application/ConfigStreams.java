package dev.tightrope.release.application;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.streams.KeyedBroadcast;
import dev.tightrope.registry.domain.AgentRules;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Live streams of routing tables per deployment, for runtimes that cache their configuration
 * ({@code configChanged}): the current table first (once something is deployed), then every newer generation.
 */
@ApplicationScoped
public class ConfigStreams {

    private final RoutingTables tables;
    private final PropagationService propagation;
    private final KeyedBroadcast<RoutingTable> broadcast = new KeyedBroadcast<>(RoutingTable::generation);

    ConfigStreams(RoutingTables tables, PropagationService propagation) {
        this.tables = tables;
        this.propagation = propagation;
        tables.onChange(table -> broadcast.publish(key(table.agent(), table.environment()), table));
    }

    /**
     * @throws dev.tightrope.platform.error.TightropeException VALIDATION for an agent or environment that is not a
     *                                                         slug (no deployment can ever have it)
     */
    public Multi<RoutingTable> stream(String agent, String environment) {
        checkDeployment(agent, environment);
        return broadcast.subscribe(key(agent, environment), () -> tables.table(agent, environment));
    }

    /**
     * The stream of a runtime's {@code configChanged} subscription. With a {@code runtimeId}, the runtime is
     * registered as connected while the stream lasts, so each change waits for its acknowledgement; registering is
     * best effort: a runtime still gets its configuration while the database is down.
     *
     * <p>The registration is written whatever happens to the stream meanwhile: a runtime that goes away while it is
     * being written (a client closed at once, a request abandoned while the server was slow) is recorded as
     * disconnected as soon as the registration is in, instead of being expected by every later change.
     *
     * @throws dev.tightrope.platform.error.TightropeException VALIDATION for a malformed runtimeId, agent or
     *                                                         environment given with a runtimeId
     */
    public Multi<RoutingTable> watch(String agent, String environment, String runtimeId) {
        if (runtimeId == null) {
            return stream(agent, environment);
        }
        // first: it refuses the agent, environment and runtimeId together, with every violation
        Uni<Long> connected = propagation.connected(agent, environment, runtimeId);
        Multi<RoutingTable> stream = stream(agent, environment);
        return Multi.createFrom().deferred(() -> {
            Registration registration = new Registration(propagation);
            CompletableFuture<Long> registered = new CompletableFuture<>();
            // subscribed here, not by the stream: cancelling the stream must not leave a written row unreleased
            connected.subscribe().with(subscription -> {
                registration.registered(subscription);
                registered.complete(subscription);
            }, failure -> {
                registration.registered(-1L);
                registered.complete(-1L);
            });
            return Uni.createFrom().completionStage(registered)
                    .onItem().transformToMulti(ignored -> stream)
                    .onTermination().invoke(registration::ended);
        });
    }

    /**
     * One runtime's registration as connected: it is released once the registration is written and the stream has
     * ended, in whichever order the two happen, and only once.
     */
    static final class Registration {

        private final PropagationService propagation;
        private Long subscription;
        private boolean ended;
        private boolean released;

        Registration(PropagationService propagation) {
            this.propagation = propagation;
        }

        synchronized void registered(long id) {
            subscription = id;
            releaseIfDone();
        }

        synchronized void ended() {
            ended = true;
            releaseIfDone();
        }

        private void releaseIfDone() {
            if (ended && subscription != null && !released) {
                released = true;
                if (subscription >= 0) {
                    propagation.disconnected(subscription).subscribe().with(ignored -> { }, error -> { });
                }
            }
        }
    }

    /** Subscribers of one deployment right now, on this instance. */
    public int subscriberCount(String agent, String environment) {
        return broadcast.subscriberCount(key(agent, environment));
    }

    /** VALIDATION unless both are slugs: a stream of a deployment that cannot exist would stay silent forever. */
    static void checkDeployment(String agent, String environment) {
        AgentRules.requireSlugs("agent", agent, "environment", environment);
    }

    static String key(String agent, String environment) {
        return agent + '\u0000' + environment;
    }
}
