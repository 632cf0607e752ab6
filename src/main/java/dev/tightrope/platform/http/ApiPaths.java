package dev.tightrope.platform.http;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.RouteOrders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Errors of the API's paths themselves, in the project's error shape: a path the API does not have answers 404
 * {@code NOT_FOUND}, and a path it has, called with another method, 405 {@code METHOD_NOT_ALLOWED} with
 * {@code Allow}. Without this, a typing mistake in a runtime's URL got Vert.x's HTML page "Resource not found",
 * which a program cannot branch on.
 *
 * <p>The 404 runs last, after every other route (the dashboard's fallback included), and only below the API's
 * prefixes; the dashboard's and Quarkus' own ({@code /q}) paths keep their answers.
 */
@ApplicationScoped
public class ApiPaths {

    /** Prefixes under which every path is the API's; {@code /graphql} and OTLP's {@code /v1} included. */
    public static final List<String> PREFIXES = List.of("/api", "/v1", "/slack", "/graphql");

    void install(@Observes Router router) {
        router.route().order(RouteOrders.API_NOT_FOUND).handler(this::notFound);
    }

    /**
     * Answers every method but {@code allowed} on {@code path} with 405 {@code METHOD_NOT_ALLOWED}; install it after
     * the path's own route, which takes the allowed method.
     */
    public static void refuseOtherMethods(Router router, String path, String allowed) {
        router.route(path).handler(context -> JsonErrors.send(context, 405, new TightropeException(
                ErrorCode.METHOD_NOT_ALLOWED, context.request().path() + " takes " + allowed + ", not "
                        + context.request().method().name() + "."), Map.of("Allow", allowed)));
    }

    private void notFound(RoutingContext context) {
        String path = context.normalizedPath();
        if (!isApiPath(path)) {
            context.next();
            return;
        }
        JsonErrors.send(context, new TightropeException(ErrorCode.NOT_FOUND, "The API has no "
                + context.request().method().name() + " " + path
                + ": see docs/runtime-api.md for the runtime API and POST /graphql for everything else."));
    }

    /** Whether the path is below the API's prefixes (or is one of them). */
    public static boolean isApiPath(String path) {
        return isBelow(path, PREFIXES);
    }

    /** Whether {@code path} is one of {@code prefixes} or below one of them ({@code /api/x}, not {@code /apix}). */
    public static boolean isBelow(String path, List<String> prefixes) {
        if (path == null) {
            return false;
        }
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
