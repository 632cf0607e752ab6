package dev.tightrope.release.graphql;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;


import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.access.graphql.AccessControl;
import dev.tightrope.platform.graphql.compiled.CompiledDocuments;
import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.platform.graphql.compiled.LiveSchemaCompiler;
import dev.tightrope.platform.graphql.socket.SubscriptionFastPath;
import dev.tightrope.platform.streams.LatestRenderings;
import dev.tightrope.release.application.ConfigStreams;
import dev.tightrope.release.application.RoutingTable;
import graphql.language.OperationDefinition.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;

/**
 * Serves plain {@code configChanged} subscriptions over WebSocket without the GraphQL engine: each routing table is
 * rendered once per compiled document, and the same text goes to every subscriber.
 *
 * <p>Why: when a rollback is committed, every runtime watching the deployment must get the new configuration at
 * once. Through the engine each delivery was a GraphQL execution of its own (about 0.3 ms of CPU), so a thousand
 * runtimes took a couple of hundred milliseconds of both cores; here each delivery costs one socket write (see
 * docs/benchmarks.md, target C).
 *
 * <p>As for {@link RouteFastPath}, the engine stays the reference. Only documents that {@code FieldDocumentCompiler}
 * takes (one subscription operation whose only field is {@code configChanged} with string arguments, selecting
 * fields of RoutingConfig and VersionConfig, valid against the live schema) and only callers that
 * {@link AccessControl} allows are served here; everything else, and every subscription whose arguments the engine
 * would refuse, goes to the engine. The stream and the runtime's registration for propagation tracking are the
 * engine's own ({@link ConfigStreams#watch}). ConfigChangedFastPathTest compares both answers message by message;
 * {@code tightrope_graphql_subscription_fast_path_total} counts the subscriptions served here;
 * {@code tightrope.graphql.socket-fast-path=false} turns the WebSocket fast paths off.
 */
@ApplicationScoped
public class ConfigChangedFastPath implements SubscriptionFastPath {

    private static final Set<String> REQUIRED = Set.of("agent", "environment");
    private static final Set<String> OPTIONAL = Set.of("runtimeId");

    private final ConfigStreams configs;
    private final AccessControl access;
    private final CompiledDocuments<Plan> plans;
    private final Counter started;

    ConfigChangedFastPath(ConfigStreams configs, AccessControl access, LiveSchemaCompiler compiler,
            MeterRegistry registry) {
        this.configs = configs;
        this.access = access;
        this.plans = new CompiledDocuments<>(text -> compiler
                .compile(text, Operation.SUBSCRIPTION, "configChanged", REQUIRED, OPTIONAL, RoutingConfigJson.SHAPE)
                .map(Plan::new));
        this.started = Counter.builder("tightrope.graphql.subscription.fast.path")
                .description("configChanged subscriptions served without the GraphQL engine")
                .register(registry);
    }

    @Override
    public Cancellable start(SecurityIdentity identity, JsonObject payload, Sink sink) {
        if (!access.allows(identity, OperationType.SUBSCRIPTION, "configChanged")
                || !(payload.getValue("query") instanceof String document) || payload.getValue("extensions") != null) {
            return null;
        }
        Plan plan = plans.get(document).orElse(null);
        Object variables = payload.getValue("variables");
        if (plan == null || !plan.field().answersTo(payload.getValue("operationName"))
                || variables != null && !(variables instanceof JsonObject)) {
            return null;
        }
        Map<String, Object> values = variables == null ? null : ((JsonObject) variables).getMap();
        Object agent = plan.field().argument("agent", values);
        Object environment = plan.field().argument("environment", values);
        Object runtimeId = plan.field().argument("runtimeId", values);
        if (!(agent instanceof String) || !(environment instanceof String)
                || runtimeId == CompiledField.Argument.UNUSABLE) {
            return null;
        }
        if (!access.allows(identity, OperationType.SUBSCRIPTION, "configChanged", (String) agent,
                (String) environment)) {
            return null; // outside the token's scope: the engine refuses it with the usual code
        }
        Multi<RoutingTable> stream;
        try {
            stream = configs.watch((String) agent, (String) environment, (String) runtimeId);
        } catch (RuntimeException refused) {
            return null; // the engine answers with the coded error
        }
        started.increment();
        return stream.subscribe().with(table -> sink.next(plan.render(table)), sink::fail, sink::complete);
    }

    /** A compiled document and its latest rendering per deployment. */
    private record Plan(CompiledField field, LatestRenderings<RoutingTable, String> latest) {

        Plan(CompiledField field) {
            this(field, new LatestRenderings<>(RoutingTable::deploymentId, RoutingTable::generation,
                    table -> RoutingConfigJson.write(field, table)));
        }

        /** The result for this table: rendered by the first subscriber that needs it, reused by all others. */
        String render(RoutingTable table) {
            return latest.of(table);
        }
    }
}
