package dev.tightrope.release.graphql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.http.Callers;
import dev.tightrope.access.graphql.AccessControl;
import dev.tightrope.platform.graphql.GraphQLRequest;
import dev.tightrope.platform.graphql.RouteOrders;
import dev.tightrope.platform.graphql.compiled.CompiledDocuments;
import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.platform.graphql.compiled.LiveSchemaCompiler;
import dev.tightrope.platform.graphql.compiled.SelectionShape;
import dev.tightrope.release.application.PropagationService;
import graphql.language.OperationDefinition.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers plain {@code acknowledgeConfig} mutations sent to {@code POST /graphql} without running the GraphQL
 * engine.
 *
 * <p>Why: after a change, every runtime that has it acknowledges it, so a thousand runtimes send a thousand of these
 * within a second of each other, and a change counts as propagated only when the last is recorded. Through the
 * engine each one cost several times the CPU of the acknowledgement itself (parsing, validation, execution, JSON-P
 * output; see docs/benchmarks.md, section I); here a compiled document only has its variables resolved, the
 * acknowledgement recorded by the same {@link PropagationService#acknowledge} the engine calls, and its answer
 * written ({@link AcknowledgementJson}).
 *
 * <p>The rules are {@link RouteFastPath}'s: input was checked by {@code DocumentGuard} before this route; only
 * documents {@code FieldDocumentCompiler} takes (one mutation whose only field is {@code acknowledgeConfig}, all four
 * arguments written, as literals or as {@code String!} / {@code Int!} variables, selecting fields of
 * ConfigAcknowledgement), with variables of exactly those types ({@code generation} a JSON integer within 32 bits),
 * and only callers that {@link AccessControl} lets acknowledge, for a deployment in their token's scope, are
 * answered here. Each one answered here is audited as the engine audits every mutation
 * ({@link AccessControl#auditAnswered}). Everything else goes to the engine, which answers with its usual codes. So does an acknowledgement the
 * service refuses (unknown agent, nothing deployed, a generation beyond the deployment's, a database error): the
 * engine runs it again and answers with the coded error, which is safe because acknowledging a generation twice
 * records it once. {@code tightrope_graphql_acknowledge_fast_path_total} counts the mutations answered here;
 * {@code tightrope.graphql.acknowledge-fast-path=false} turns it off.
 */
@ApplicationScoped
public class AcknowledgeConfigFastPath {

    private static final String FIELD = "acknowledgeConfig";
    private static final Set<String> REQUIRED = Set.of("agent", "environment", "generation", "runtimeId");
    private static final SelectionShape SHAPE = SelectionShape.ofLeaves(AcknowledgementJson.knownFields());

    private final boolean enabled;
    private final PropagationService propagation;
    private final AccessControl access;
    private final Counter answered;
    private final CompiledDocuments<CompiledField> plans;

    AcknowledgeConfigFastPath(
            @ConfigProperty(name = "tightrope.graphql.acknowledge-fast-path", defaultValue = "true") boolean enabled,
            PropagationService propagation, AccessControl access, LiveSchemaCompiler compiler,
            MeterRegistry registry) {
        this.enabled = enabled;
        this.propagation = propagation;
        this.access = access;
        this.plans = new CompiledDocuments<>(
                text -> compiler.compile(text, Operation.MUTATION, FIELD, REQUIRED, Set.of(), SHAPE));
        this.answered = Counter.builder("tightrope.graphql.acknowledge.fast.path")
                .description("acknowledgeConfig mutations on /graphql answered without the GraphQL engine")
                .register(registry);
    }

    void install(@Observes Router router) {
        if (enabled) {
            router.post("/graphql").order(RouteOrders.ACKNOWLEDGE_FAST_PATH).handler(this::handle);
        }
    }

    private void handle(RoutingContext context) {
        GraphQLRequest request = context.get(GraphQLRequest.CONTEXT_KEY);
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        Caller caller = Callers.of(identity);
        // the role alone first, so that no other caller's documents are compiled here; the token is checked below
        if (request == null || request.extensions() != null || caller == null
                || AccessPolicy.decide(OperationType.MUTATION, FIELD, caller.role()) != AccessPolicy.Decision.ALLOWED) {
            context.next(); // the engine answers, with the access error where there is one
            return;
        }
        CompiledField plan = plans.get(request.query()).orElse(null);
        if (plan == null || !plan.answersTo(request.operationName())) {
            context.next();
            return;
        }
        Map<String, Object> values = request.variables();
        if (!(plan.argument("agent", values) instanceof String agent)
                || !(plan.argument("environment", values) instanceof String environment)
                || !(plan.argument("generation", values) instanceof Integer generation)
                || !(plan.argument("runtimeId", values) instanceof String runtimeId)
                || !access.allows(identity, OperationType.MUTATION, FIELD, agent, environment)) {
            context.next(); // null, unusable or out of the token's scope: the engine answers with the coded error
            return;
        }
        Context requestContext = Vertx.currentContext();
        try {
            propagation.acknowledge(agent, environment, generation, runtimeId).subscribe().with(
                    done -> {
                        answered.increment();
                        access.auditAnswered(identity, FIELD, arguments(agent, environment, generation, runtimeId));
                        context.response()
                                .putHeader("Content-Type", "application/graphql-response+json; charset=UTF-8")
                                .end(AcknowledgementJson.write(plan, done));
                    },
                    refused -> toEngine(requestContext, context));
        } catch (RuntimeException refused) {
            context.next(); // refused before anything was recorded (a malformed slug or runtimeId)
        }
    }

    /** The mutation's arguments as the engine hands them to the audit log: in the schema's order. */
    private static Map<String, Object> arguments(String agent, String environment, int generation, String runtimeId) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("agent", agent);
        arguments.put("environment", environment);
        arguments.put("generation", generation);
        arguments.put("runtimeId", runtimeId);
        return arguments;
    }

    /** The engine answers, on the request's own event loop (the acknowledgement may complete on another). */
    private static void toEngine(Context requestContext, RoutingContext context) {
        if (requestContext == null || requestContext == Vertx.currentContext()) {
            context.next();
        } else {
            requestContext.runOnContext(ignored -> context.next());
        }
    }
}
