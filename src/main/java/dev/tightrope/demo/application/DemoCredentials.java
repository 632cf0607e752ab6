package dev.tightrope.demo.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.access.application.ApiTokenService;
import dev.tightrope.access.domain.ApiToken;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.domain.TokenStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The demo's two API tokens: an ADMIN one to set up its agent and change its traffic, and a RUNTIME one for its
 * runtime. The ADMIN token is the one thing the demo cannot get through the API (a token is needed to create one),
 * so it is issued here, in-process, the way the bootstrap issues the first token; the RUNTIME token is then created
 * with it through {@code createApiToken}, and the demo's tokens of earlier starts are revoked through
 * {@code revokeApiToken}. Both expire after a day.
 */
@ApplicationScoped
class DemoCredentials {

    private static final Logger LOG = Logger.getLogger(DemoCredentials.class);
    /** The names of the demo's tokens start with this. */
    static final String PREFIX = "demo-";
    private static final Duration LIFETIME = Duration.ofDays(1);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    /** The secrets, and the names they were created with. */
    record Issued(String admin, String runtime, String adminName, String runtimeName) {
        @Override
        public String toString() {
            return "Issued[" + adminName + ", " + runtimeName + "]";
        }
    }

    private final ApiTokenService tokens;
    private final Clock clock;

    DemoCredentials(ApiTokenService tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    Issued issue(DemoClient client) {
        Instant now = clock.instant();
        String stamp = STAMP.format(now);
        String adminName = PREFIX + "admin-" + stamp;
        String runtimeName = PREFIX + "runtime-" + stamp;
        String admin = tokens.create(adminName, Role.ADMIN, now.plus(LIFETIME), ApiTokenService.IN_PROCESS)
                .await().atMost(Duration.ofSeconds(30)).secret();
        Map<String, Object> variables = new HashMap<>();
        variables.put("name", runtimeName);
        variables.put("role", Role.RUNTIME.name());
        variables.put("expiresAt", now.plus(LIFETIME).toString());
        String runtime = client.graphql(admin, DemoDocuments.CREATE_TOKEN, variables)
                .getJsonObject("createApiToken").getString("secret");
        revokeEarlier(client, admin, adminName, runtimeName);
        return new Issued(admin, runtime, adminName, runtimeName);
    }

    /**
     * With demo mode off: revokes the demo's tokens that earlier starts left active (an ADMIN token nobody holds
     * would otherwise stay valid for up to a day). Returns how many were revoked.
     */
    Uni<Integer> revokeLeftovers() {
        Instant now = clock.instant();
        return tokens.list().chain(all -> {
            List<ApiToken> leftovers = all.stream().filter(token -> isDemos(token)
                    && token.status(now) == TokenStatus.ACTIVE).toList();
            if (leftovers.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Multi.createFrom().iterable(leftovers)
                    .onItem().transformToUniAndConcatenate(token -> tokens.revoke(token.id(), ApiTokenService
                            .IN_PROCESS))
                    .collect().asList().map(List::size);
        });
    }

    /** The demo's tokens: its ADMIN token, issued in-process, and the RUNTIME token it created with that one. */
    static boolean isDemos(ApiToken token) {
        String by = token.createdBy() == null ? "" : token.createdBy();
        return token.name().startsWith(PREFIX)
                && (by.equals(ApiTokenService.IN_PROCESS) || by.startsWith("token:" + PREFIX + "admin-"));
    }

    private static void revokeEarlier(DemoClient client, String admin, String... current) {
        for (Object item : client.graphql(admin, DemoDocuments.TOKENS, Map.of()).getJsonArray("apiTokens")) {
            JsonObject token = (JsonObject) item;
            String name = token.getString("name");
            if (name.startsWith(PREFIX) && "ACTIVE".equals(token.getString("status"))
                    && !name.equals(current[0]) && !name.equals(current[1])) {
                try {
                    client.graphql(admin, DemoDocuments.REVOKE_TOKEN, Map.of("id", token.getString("id")));
                } catch (DemoApiException e) {
                    LOG.debugf("demo: could not revoke its earlier token %s: %s", name, e.getMessage());
                }
            }
        }
    }
}
