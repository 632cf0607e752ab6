package dev.tightrope.slack;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.audit.domain.AuditSource;
import dev.tightrope.platform.paging.PageRequest;

import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.SlackRequests;
import io.restassured.path.json.JsonPath;

/** Deployments and Slack users for Slack tests, made through the public API. */
public final class SlackFixtures {

    public static final String ENV = "production";

    private SlackFixtures() {
    }

    /** A new Slack user linked to the role. */
    public static String linkedUser(String role) {
        String userId = SlackRequests.newUserId();
        execute("linkSlackUser", Map.of("slackUserId", userId, "role", role)).body("errors", nullValue());
        return userId;
    }

    /** An agent with versions 1..3: version 2 stable in production (after 1), version 3 as a 10 % canary. */
    public static String agentWithCanary(String prefix) {
        String agent = Fixtures.agentWithVersions(prefix, 3);
        deploy(agent, 1);
        deploy(agent, 2);
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 3, "weight", 10,
                "reason", "canary of version 3")).body("errors", nullValue());
        return agent;
    }

    /** An agent with versions 1..3, deployed one after the other in production: 3 is stable, 1 and 2 were. */
    public static String agentDeployedThrough3(String prefix) {
        String agent = Fixtures.agentWithVersions(prefix, 3);
        for (int version = 1; version <= 3; version++) {
            deploy(agent, version);
        }
        return agent;
    }

    public static void deploy(String agent, int version) {
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", version))
                .body("errors", nullValue());
    }

    /** The deployment with its recent history (newest event first). */
    public static JsonPath deployment(String agent) {
        return execute("deploymentHistory", Map.of("agent", agent, "environment", ENV))
                .body("errors", nullValue())
                .extract().jsonPath();
    }

    public static int generation(String agent) {
        return deployment(agent).getInt("data.deployment.generation");
    }

    /** The Slack audit entries of a Slack user, newest first. */
    public static List<AuditRecord> slackAudit(AuditLog auditLog, String userId) {
        return auditLog.page(new AuditFilter("slack:" + userId + " (roadrunner)", null, AuditSource.SLACK, null,
                        null, null), PageRequest.of(20, null, AuditLog.CURSOR_KIND))
                .await().atMost(Duration.ofSeconds(10))
                .items().stream().map(item -> item.value()).toList();
    }
}
