package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.load;
import static dev.tightrope.testing.GraphQLClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Traffic changes sent by the web dashboard, which names itself with {@code X-Tightrope-Client: dashboard}, are
 * recorded with trigger DASHBOARD; every other client's with API. The header labels, it never permits.
 */
@QuarkusTest
class DashboardTriggerTest {

    @Test
    void theDashboardsTrafficChangesRecordDashboardOthersApi() {
        String agent = Fixtures.agentWithVersions("dash-trigger", 2);
        send(Tokens.admin(), null, "deploy", Map.of("agent", agent, "environment", "production", "version", 1))
                .body("data.deploy.trigger", equalTo("API"));
        send(Tokens.admin(), "dashboard", "startPlannedRollout", Map.of("agent", agent, "environment", "production",
                "version", 2)).body("errors", nullValue());
        send(Tokens.of(Role.OPERATOR), "Dashboard", "rollback", Map.of("agent", agent, "environment", "production"))
                .body("data.rollback.trigger", equalTo("DASHBOARD"));
        send(Tokens.admin(), "a-script", "deploy", Map.of("agent", agent, "environment", "production", "version", 2))
                .body("data.deploy.trigger", equalTo("API"));

        List<String> history = execute("deploymentTriggers", Map.of("agent", agent, "environment", "production"))
                .extract().path("data.deployment.events.edges.node.trigger");
        assertThat(history).containsExactly("API", "DASHBOARD", "DASHBOARD", "API");
    }

    @Test
    void theHeaderGivesNoRightsAViewerIsStillRefused() {
        String agent = Fixtures.agentWithVersions("dash-viewer", 2);
        send(Tokens.admin(), null, "deploy", Map.of("agent", agent, "environment", "production", "version", 1));
        send(Tokens.of(Role.VIEWER), "dashboard", "deploy", Map.of("agent", agent, "environment", "production",
                "version", 2)).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        execute("deploymentTriggers", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(1));
    }

    @Test
    void onlyTheDashboardsNameMapsToDashboard() {
        assertThat(ClientTriggers.of("dashboard")).isEqualTo(Trigger.DASHBOARD);
        assertThat(ClientTriggers.of(" DASHBOARD ")).isEqualTo(Trigger.DASHBOARD);
        assertThat(ClientTriggers.of(null)).isEqualTo(Trigger.API);
        assertThat(ClientTriggers.of("dashboard-v2")).isEqualTo(Trigger.API);
        assertThat(ClientTriggers.of("")).isEqualTo(Trigger.API);
    }

    private static ValidatableResponse send(String token, String client, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", load(document));
        body.put("variables", variables);
        var spec = request(token);
        if (client != null) {
            spec = spec.header(ActorProvider.CLIENT_HEADER, client);
        }
        return spec.body(body).when().post("/graphql").then().statusCode(200);
    }
}
