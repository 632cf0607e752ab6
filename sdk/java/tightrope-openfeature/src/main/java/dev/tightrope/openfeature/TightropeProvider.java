package dev.tightrope.openfeature;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FlagNotFoundError;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import dev.openfeature.sdk.exceptions.TargetingKeyMissingError;
import dev.openfeature.sdk.exceptions.TypeMismatchError;
import dev.tightrope.sdk.Tightrope;
import dev.tightrope.sdk.TightropeOptions;
import dev.tightrope.sdk.routing.Decision;
import dev.tightrope.sdk.routing.RoutingConfig;

/**
 * An OpenFeature provider for {@code dev.openfeature:sdk}: each agent is an <b>object flag</b>.
 *
 * <pre>{@code
 * OpenFeatureAPI.getInstance().setProviderAndWait(TightropeProvider.builder()
 *         .connection(Tightrope.builder().url("http://localhost:8080").token("tr_…").environment("production"))
 *         .agents("support-bot")
 *         .build());
 * Client flags = OpenFeatureAPI.getInstance().getClient();
 * FlagEvaluationDetails<Value> details = flags.getObjectDetails("support-bot", new Value(),
 *         new ImmutableContext("customer-42"));
 * }</pre>
 *
 * <p>The flag key is the agent's slug and the targeting key the routing key. The value is the chosen version's
 * configuration as the runtime API sends it, a {@link dev.openfeature.sdk.Structure}
 * {@code {version, snapshotHash, prompt, model, tools, guardrails, knowledgeBase}}; the variant is the version
 * ({@code "v14"}); the reason {@code SPLIT} while a canary runs and {@code STATIC} otherwise; the flag metadata
 * {@code generation} (a long), {@code arm}, {@code version}, {@code environment} and, during a rollout,
 * {@code rolloutId}. A new generation of an agent emits {@code PROVIDER_CONFIGURATION_CHANGED} with
 * {@code flagsChanged = [agent]} and the generation in the event metadata. {@link #track} reports an outcome of
 * the version the targeting key routes to (sticky: the one it was served, unless the configuration changed in
 * between).
 *
 * <p>Errors, each with OpenFeature's default value: an agent the provider was not given is {@code FLAG_NOT_FOUND};
 * no targeting key (or an empty one) {@code TARGETING_KEY_MISSING}; an agent without a known configuration
 * {@code PROVIDER_NOT_READY}; a boolean, string, integer or double evaluation {@code TYPE_MISMATCH}.
 *
 * <p>{@code initialize} waits up to {@code waitForConfig} (10 s) for every agent; it fails only when none has a
 * configuration, and then the provider becomes ready (emits {@code PROVIDER_READY}) when the first one arrives.
 */
public final class TightropeProvider extends EventProvider {

    private static final Metadata METADATA = () -> "tightrope";

    private final Map<String, Tightrope> clients;
    private final boolean owned;
    private final Duration waitForConfig;
    private final System.Logger logger;
    private final AtomicBoolean readyPending = new AtomicBoolean();
    private volatile boolean initialized;

    private TightropeProvider(Builder builder) {
        this.clients = new LinkedHashMap<>();
        if (builder.clients != null) {
            builder.clients.forEach(client -> clients.put(client.agent(), client));
            this.owned = false;
        } else {
            if (builder.connection == null || builder.agents.isEmpty()) {
                throw new IllegalArgumentException("TightropeProvider: give connection(…) and at least one agent, "
                        + "or clients(…)");
            }
            for (String agent : builder.agents) {
                TightropeOptions options = builder.connection.agent(agent).start(false).build();
                clients.put(agent, Tightrope.create(options));
            }
            this.owned = true;
        }
        this.waitForConfig = builder.waitForConfig != null ? builder.waitForConfig
                : clients.values().iterator().next().options().waitForConfig();
        this.logger = builder.logger;
        clients.forEach((agent, client) -> client.onConfigChanged(config -> changed(agent, config)));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    /** The client of an agent (empty for one this provider does not serve). */
    public Optional<Tightrope> client(String agent) {
        return Optional.ofNullable(clients.get(agent));
    }

    /** The agents this provider serves, as flag keys. */
    public List<String> agents() {
        return List.copyOf(clients.keySet());
    }

    /**
     * Starts the clients the provider made and waits (up to {@code waitForConfig}) for every agent's
     * configuration.
     *
     * @throws ProviderNotReadyError when no agent has one yet (the provider becomes ready when the first arrives)
     */
    @Override
    public void initialize(EvaluationContext evaluationContext) {
        clients.values().forEach(Tightrope::start);
        long deadline = System.nanoTime() + waitForConfig.toNanos();
        List<String> missing = new ArrayList<>();
        for (Tightrope client : clients.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                client.awaitReady(left);
            } catch (dev.tightrope.sdk.NotReadyException e) {
                missing.add(client.agent());
            }
        }
        initialized = true;
        if (missing.size() == clients.size()) {
            readyPending.set(true);
            if (clients.values().stream().anyMatch(client -> client.config().isPresent())) {
                readyPending.set(false); // one arrived in between
                return;
            }
            throw new ProviderNotReadyError("Tightrope: no agent has a configuration yet (" + String.join(", ", missing)
                    + " in " + waitForConfig.toMillis() + " ms)");
        }
    }

    /** Closes the clients the provider made (flushing their outcomes); clients given to it stay open. */
    @Override
    public void shutdown() {
        if (owned) {
            clients.values().forEach(Tightrope::close);
        }
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext context) {
        Decision decision = decide(key, context);
        ImmutableMetadata.ImmutableMetadataBuilder metadata = ImmutableMetadata.builder()
                .addLong("generation", decision.generation()).addString("arm", decision.arm().name())
                .addInteger("version", decision.version()).addString("environment", decision.environment());
        decision.rolloutId().ifPresent(id -> metadata.addString("rolloutId", id));
        return ProviderEvaluation.<Value>builder()
                .value(Values.of(decision.config().raw()))
                .variant("v" + decision.version())
                .reason((decision.routing().canary().isPresent() ? Reason.SPLIT : Reason.STATIC).name())
                .flagMetadata(metadata.build())
                .build();
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        throw mismatch(key, ctx, "boolean");
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        throw mismatch(key, ctx, "string");
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        throw mismatch(key, ctx, "integer");
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        throw mismatch(key, ctx, "double");
    }

    /**
     * Reports the outcome of a request of agent {@code eventName} for the context's targeting key (see
     * {@link TrackedOutcome} for the details' fields). A call that cannot be reported (not an agent of this
     * provider, no targeting key, no status or latency) is logged and not sent: OpenFeature itself would say
     * nothing.
     */
    @Override
    public void track(String eventName, EvaluationContext context, TrackingEventDetails details) {
        try {
            Tightrope client = clients.get(eventName);
            if (client == null) {
                throw new FlagNotFoundError("'" + eventName + "' is not an agent of this provider");
            }
            client.report(TrackedOutcome.of(decide(eventName, context), details));
        } catch (RuntimeException e) {
            if (logger != null) {
                logger.log(System.Logger.Level.WARNING, "Tightrope: track(" + eventName + ") ignored: " + e.getMessage());
            }
        }
    }

    private Decision decide(String key, EvaluationContext context) {
        Tightrope client = clients.get(key);
        if (client == null) {
            throw new FlagNotFoundError("'" + key + "' is not an agent of this Tightrope provider (it serves "
                    + String.join(", ", clients.keySet()) + ")");
        }
        String routingKey = context == null ? null : context.getTargetingKey();
        if (routingKey == null || routingKey.isEmpty()) {
            throw new TargetingKeyMissingError("Tightrope routes by the targeting key (the routing key): give one");
        }
        if (client.config().isEmpty()) {
            throw new ProviderNotReadyError("no configuration of " + key + "/" + client.environment() + " yet");
        }
        return client.route(routingKey);
    }

    private TypeMismatchError mismatch(String key, EvaluationContext context, String type) {
        decide(key, context);
        return new TypeMismatchError("agent '" + key + "' is an object flag, not " + article(type) + " " + type
                + ": use getObjectValue");
    }

    /** "an" before a vowel (an integer, an object), else "a" (a boolean, a string, a double). */
    private static String article(String word) {
        return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    private void changed(String agent, RoutingConfig config) {
        if (!initialized) {
            return; // initialize() is still waiting: OpenFeature becomes READY when it returns
        }
        if (readyPending.compareAndSet(true, false)) {
            emitProviderReady(ProviderEventDetails.builder().message("the first configuration arrived").build());
        }
        emitProviderConfigurationChanged(ProviderEventDetails.builder().flagsChanged(List.of(agent))
                .eventMetadata(ImmutableMetadata.builder().addLong("generation", config.generation()).build())
                .build());
    }

    /** Either the connection and the agents (the provider makes, starts and closes one client each), or clients. */
    public static final class Builder {

        private TightropeOptions.Builder connection;
        private final List<String> agents = new ArrayList<>();
        private List<Tightrope> clients;
        private Duration waitForConfig;
        private System.Logger logger = System.getLogger("dev.tightrope.openfeature");

        private Builder() {
        }

        /**
         * The connection shared by the agents' clients (url, token, environment, …); the provider sets its agent
         * for each, so the builder's own agent does not matter.
         */
        public Builder connection(TightropeOptions.Builder connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /** The agents to serve as flags, one client each. */
        public Builder agents(String... agents) {
            return agents(List.of(agents));
        }

        public Builder agents(Collection<String> agents) {
            this.agents.addAll(agents);
            return this;
        }

        /** Clients of yours to serve (the provider does not close them). */
        public Builder clients(Tightrope... clients) {
            return clients(List.of(clients));
        }

        public Builder clients(Collection<Tightrope> clients) {
            if (clients.isEmpty()) {
                throw new IllegalArgumentException("TightropeProvider: give at least one client");
            }
            this.clients = List.copyOf(clients);
            return this;
        }

        /** How long {@code initialize} waits for the agents' configurations (default: the clients' waitForConfig). */
        public Builder waitForConfig(Duration wait) {
            this.waitForConfig = wait;
            return this;
        }

        /** Where ignored {@code track} calls are told (default {@code dev.tightrope.openfeature}); null: nowhere. */
        public Builder logger(System.Logger logger) {
            this.logger = logger;
            return this;
        }

        /**
         * The provider, with its clients made (not yet started: {@code initialize} starts them).
         *
         * @throws IllegalArgumentException for a connection option that is missing or impossible, or no agent
         */
        public TightropeProvider build() {
            return new TightropeProvider(this);
        }
    }
}
