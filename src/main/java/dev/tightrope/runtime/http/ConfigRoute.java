package dev.tightrope.runtime.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.http.EndpointAccess;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.application.RoutingTables;
import dev.tightrope.release.domain.ReleaseErrors;
import dev.tightrope.runtime.application.RenderedConfigs;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/agents/{agent}/environments/{environment}/config}: the deployment's routing configuration, the
 * JSON of {@code configChanged} ({@link dev.tightrope.release.graphql.RoutingConfigText}), from memory like route()
 * (it keeps answering while PostgreSQL is down). {@code ETag} is the generation ({@code "7"}); a request whose
 * {@code If-None-Match} names it answers 304 without a body. RUNTIME or ADMIN token. See docs/runtime-api.md.
 */
@ApplicationScoped
public class ConfigRoute {

    static final String PATH = DeploymentPath.BASE + "/config";

    private final RoutingTables tables;
    private final RenderedConfigs renderings;

    ConfigRoute(RoutingTables tables, RenderedConfigs renderings) {
        this.tables = tables;
        this.renderings = renderings;
    }

    void install(@Observes Router router) {
        router.get(PATH).handler(this::handle);
        router.head(PATH).handler(this::handle); // as GET, without the body (Vert.x leaves it out for HEAD)
        DeploymentPath.refuseOtherMethods(router, PATH, "GET, HEAD");
    }

    private void handle(RoutingContext context) {
        if (EndpointAccess.allowed(context, AccessPolicy.HTTP_CONFIG) == null) {
            return;
        }
        DeploymentPath deployment = DeploymentPath.of(context);
        if (deployment == null) {
            return;
        }
        RoutingTable table = tables.table(deployment.agent(), deployment.environment());
        if (table == null) {
            JsonErrors.send(context, ReleaseErrors.nothingDeployed(deployment.agent(), deployment.environment()));
            return;
        }
        RenderedConfigs.Rendered config = renderings.of(table);
        context.response().putHeader("ETag", config.etag()).putHeader("Cache-Control", "no-cache");
        if (EntityTags.matches(context.request().getHeader("If-None-Match"), config.etag())) {
            context.response().setStatusCode(304).end();
            return;
        }
        context.response().putHeader("Content-Type", "application/json; charset=UTF-8").end(config.json());
    }
}
