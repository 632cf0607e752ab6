package dev.tightrope.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.platform.graphql.RouteOrders;
import dev.tightrope.platform.http.ApiPaths;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Response headers of the dashboard's files and pages (every {@code GET}/{@code HEAD} outside the API's and the
 * platform's paths):
 *
 * <ul>
 *   <li><b>Caching.</b> Only the build's hashed files under {@code /assets/} may be cached as immutable (Quarkus'
 *       static files default). {@code index.html} and every page path that serves it get {@code no-cache}: a browser
 *       revalidates them on each load, so after an upgrade it loads the new build's scripts instead of keeping an
 *       old page whose scripts are gone (a blank dashboard until the cache expired, a day later). Page paths
 *       answer by {@code Accept} (the page for a browser, 404 for a script), hence {@code Vary: Accept}.</li>
 *   <li><b>Defence in depth</b> for a page with one-click rollbacks: a Content-Security-Policy that lets only the
 *       dashboard's own origin run scripts and be connected to, {@code frame-ancestors 'none'} and
 *       {@code X-Frame-Options: DENY} against click-jacking, {@code X-Content-Type-Options: nosniff} and
 *       {@code Referrer-Policy: same-origin}.</li>
 * </ul>
 */
@ApplicationScoped
public class DashboardHeaders {

    /** The dashboard's policy: its own scripts, styles (React sets inline styles), images and API only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private static final String ASSETS = "/assets/";

    void install(@Observes Router router) {
        router.route().order(RouteOrders.DASHBOARD_HEADERS).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpMethod method = context.request().method();
        String path = context.normalizedPath();
        if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && isDashboard(path)) {
            context.addHeadersEndHandler(ignored -> apply(context.response().headers(), path));
        }
        context.next();
    }

    /** Whether {@code path} is the dashboard's (a file or a page), not the API's or the platform's. */
    static boolean isDashboard(String path) {
        return path != null && !ApiPaths.isBelow(path, DashboardFallback.NOT_THE_DASHBOARD);
    }

    static void apply(MultiMap headers, String path) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "same-origin");
        if (!path.startsWith(ASSETS)) {
            headers.set("Cache-Control", "no-cache");
            headers.set("Vary", "Accept, Accept-Encoding");
        }
    }
}
