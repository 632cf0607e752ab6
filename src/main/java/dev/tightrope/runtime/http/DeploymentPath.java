package dev.tightrope.runtime.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tightrope.access.http.EndpointAccess;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.http.ApiPaths;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.registry.domain.AgentRules;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The deployment a runtime API path names ({@code /api/v1/agents/{agent}/environments/{environment}/…}), with both
 * slugs held to the registry's slug rule, as every GraphQL operation holds them.
 */
record DeploymentPath(String agent, String environment) {

    /** Base of every deployment path of the runtime API. */
    static final String BASE = "/api/v1/agents/:agent/environments/:environment";

    /**
     * Answers every other method on {@code path} with 405 {@code METHOD_NOT_ALLOWED} and {@code Allow}, in the
     * coded JSON shape (Vert.x would answer an empty 405). Install after the path's own route.
     */
    static void refuseOtherMethods(Router router, String path, String allowed) {
        ApiPaths.refuseOtherMethods(router, path, allowed);
    }

    /**
     * The deployment of the request's path; answers 400 {@code VALIDATION} for a bad slug, 403 {@code FORBIDDEN}
     * for a deployment outside the token's scope, and returns null then.
     */
    static DeploymentPath of(RoutingContext context) {
        String agent = context.pathParam("agent");
        String environment = context.pathParam("environment");
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("agent", agent, violations);
        AgentRules.checkSlug("environment", environment, violations);
        if (!violations.isEmpty()) {
            JsonErrors.send(context, TightropeException.invalid(violations));
            return null;
        }
        if (!EndpointAccess.inScope(context, context.request().method().name() + " " + context.request().path(),
                agent, environment)) {
            return null;
        }
        return new DeploymentPath(agent, environment);
    }
}
