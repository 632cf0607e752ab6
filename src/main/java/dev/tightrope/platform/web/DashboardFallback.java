package dev.tightrope.platform.web;

import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.platform.graphql.RouteOrders;
import dev.tightrope.platform.http.ApiPaths;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The dashboard (web-ui/, built and served at {@code /} by Quinoa) is a single-page app: its deep links such as
 * {@code /agents/support-bot/rollouts/42} are not files. A browser asking for such a page gets {@code index.html},
 * and the app's router shows the page.
 *
 * <p>Only when nothing else answered (this route runs last), only for {@code GET}/{@code HEAD} that accept
 * {@code text/html} (a missing script or image stays a 404), and never below the API's prefixes. Which paths need no
 * token is decided by the HTTP permissions ({@code quarkus.http.auth.permission.dashboard}), before this runs.
 */
@ApplicationScoped
public class DashboardFallback {

    /** Paths that belong to the API and the platform, never to the dashboard. */
    static final List<String> NOT_THE_DASHBOARD = Stream.concat(ApiPaths.PREFIXES.stream(), Stream.of("/q")).toList();
    /** The build's files: a missing one is a 404, never the page (an old page's script after an upgrade). */
    static final List<String> FILES = List.of("/assets");

    void install(@Observes Router router) {
        router.route().order(RouteOrders.DASHBOARD_FALLBACK).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        if (isPageRequest(context.request().method(), context.normalizedPath(),
                context.request().getHeader(HttpHeaders.ACCEPT))) {
            context.reroute("/");
        } else {
            context.next();
        }
    }

    /** Whether a request that found no file is the browser loading a page of the dashboard. */
    static boolean isPageRequest(HttpMethod method, String path, String accept) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false;
        }
        if (path == null || path.equals("/") || accept == null || !accept.contains("text/html")) {
            return false;
        }
        return !ApiPaths.isBelow(path, NOT_THE_DASHBOARD) && !ApiPaths.isBelow(path, FILES);
    }
}
