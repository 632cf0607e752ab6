package dev.tightrope.release.graphql;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.http.Callers;
import dev.tightrope.platform.graphql.GraphQLRequest;
import dev.tightrope.platform.graphql.RouteOrders;
import dev.tightrope.platform.graphql.compiled.CompiledDocuments;
import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.platform.graphql.compiled.LiveSchemaCompiler;
import dev.tightrope.platform.graphql.compiled.SelectionShape;
import dev.tightrope.release.application.RouteDecision;
import dev.tightrope.release.application.RouteService;
import graphql.language.OperationDefinition.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers plain {@code route} queries sent to {@code POST /graphql} without running the GraphQL engine.
 *
 * <p>Why: route() is the hot path of every agent runtime, and its answer comes from memory in microseconds, but
 * the engine's per-request work (building the execution context, resolving fields one by one through data
 * fetchers, the depth and complexity analysis, the JSON-P output) cost about twelve times the CPU of a bare HTTP
 * answer (see docs/benchmarks.md). Runtimes send the same few documents with new variables, so each distinct
 * document is compiled once ({@code FieldDocumentCompiler}) and later requests only resolve variables, route and
 * write JSON ({@link RouteDecisionJson}).
 *
 * <p>Input is checked once for both paths: {@code DocumentGuard}, which runs before this route, holds every request to
 * the contract of {@link GraphQLRequest} (a JSON object without duplicate keys, {@code variables} an object, strings
 * storable) and leaves the checked request on the routing context; this route reads only that, never the raw body.
 *
 * <p>Access control is the engine's: the request was authenticated by the bearer token before it got here, and only
 * callers whose role {@code AccessPolicy} allows to route are answered; any other is passed on to the engine, which
 * refuses it with the usual code. The engine remains the reference: whatever the compiler does not take — other operations, fragments,
 * directives, variables of unexpected types, an {@code operationName} that does not match, {@code extensions} —
 * and every request whose route() fails (unknown agent, nothing deployed: error answers) is passed on to it
 * unchanged. Tests compare both answers for the same requests. {@code tightrope_graphql_route_fast_path_total}
 * counts the requests answered here; {@code tightrope.graphql.route-fast-path=false} turns it off.
 */
@ApplicationScoped
public class RouteFastPath {

    private static final Set<String> REQUIRED = Set.of("agent", "environment");
    private static final Set<String> OPTIONAL = Set.of("routingKey");
    private static final SelectionShape SHAPE = SelectionShape.ofLeaves(RouteDecisionJson.knownFields());

    private final boolean enabled;
    private final RouteService routes;
    private final Counter answered;
    private final CompiledDocuments<CompiledField> plans;

    RouteFastPath(@ConfigProperty(name = "tightrope.graphql.route-fast-path", defaultValue = "true") boolean enabled,
            RouteService routes, LiveSchemaCompiler compiler, MeterRegistry registry) {
        this.enabled = enabled;
        this.routes = routes;
        this.plans = new CompiledDocuments<>(
                text -> compiler.compile(text, Operation.QUERY, "route", REQUIRED, OPTIONAL, SHAPE));
        this.answered = Counter.builder("tightrope.graphql.route.fast.path")
                .description("route queries on /graphql answered without the GraphQL engine")
                .register(registry);
    }

    void install(@Observes Router router) {
        if (enabled) {
            router.post("/graphql").order(RouteOrders.ROUTE_FAST_PATH).handler(this::handle);
        }
    }

    private void handle(RoutingContext context) {
        if (!mayRoute(context)) {
            context.next(); // the engine answers with the access error
            return;
        }
        // checked by DocumentGuard, which runs first: the same contract as the engine's requests
        GraphQLRequest request = context.get(GraphQLRequest.CONTEXT_KEY);
        if (request == null) {
            context.next();
            return;
        }
        CompiledField plan = plans.get(request.query()).orElse(null);
        if (plan == null || request.extensions() != null || !plan.answersTo(request.operationName())) {
            context.next();
            return;
        }
        Map<String, Object> values = request.variables();
        Object agent = plan.argument("agent", values);
        Object environment = plan.argument("environment", values);
        Object routingKey = plan.argument("routingKey", values);
        if (agent == null || environment == null || agent == CompiledField.Argument.UNUSABLE
                || environment == CompiledField.Argument.UNUSABLE || routingKey == CompiledField.Argument.UNUSABLE) {
            context.next();
            return;
        }
        if (!inScope(context, (String) agent, (String) environment)) {
            context.next(); // the engine refuses it with the token's scope in the error
            return;
        }
        RouteDecision decision;
        try {
            decision = routes.route((String) agent, (String) environment, (String) routingKey);
        } catch (RuntimeException refused) {
            context.next(); // the engine answers with the coded error
            return;
        }
        answered.increment();
        context.response()
                .putHeader("Content-Type", "application/graphql-response+json; charset=UTF-8")
                .end(RouteDecisionJson.write(plan, decision));
    }

    /** Whether the caller's token may route this deployment (its scope, see AccessControl). */
    private static boolean inScope(RoutingContext context, String agent, String environment) {
        Caller caller = context.user() instanceof QuarkusHttpUser user ? Callers.of(user.getSecurityIdentity())
                : null;
        return caller != null && caller.scope().covers(agent, environment);
    }

    /** The same rule the engine applies (AccessPolicy), for the identity the bearer token established. */
    private static boolean mayRoute(RoutingContext context) {
        Caller caller = context.user() instanceof QuarkusHttpUser user ? Callers.of(user.getSecurityIdentity())
                : null;
        return caller != null && AccessPolicy.decide(AccessPolicy.OperationType.QUERY, "route", caller.role())
                == AccessPolicy.Decision.ALLOWED;
    }
}
