package dev.tightrope.governance.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.governance.GovernanceFixtures;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Four eyes in a protected environment: a person's change is refused with APPROVAL_REQUIRED, asked for with
 * requestChange, approved by a second OPERATOR (never the requester) and then applied once, at the generation it
 * was asked at; stale, rejected and expired requests change nothing.
 */
@QuarkusTest
class ChangeRequestsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;
    @Inject
    ChangeRequests requests;
    @Inject
    AuditLog auditLog;

    private String agent;
    private Tokens.Created alice;
    private Tokens.Created bob;

    @BeforeEach
    void protectedProduction() {
        agent = Fixtures.agentWithVersions("four-eyes", 3);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1)).body("errors", nullValue());
        GovernanceFixtures.protect(agent, "production", true, null, null);
        alice = Tokens.create(Fixtures.uniqueSlug("alice"), dev.tightrope.access.domain.Role.OPERATOR, null);
        bob = Tokens.create(Fixtures.uniqueSlug("bob"), dev.tightrope.access.domain.Role.OPERATOR, null);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSecondPersonApprovesAndTheChangeIsAppliedOnce() {
        JsonPath refused = executeAs(alice.secret(), "deploy", Map.of("agent", agent, "environment", "production",
                "version", 2)).statusCode(200).extract().jsonPath();
        assertThat(refused.getString("errors[0].extensions.code")).isEqualTo("APPROVAL_REQUIRED");
        assertThat(refused.getString("errors[0].message")).contains("requestChange(operation: DEPLOY");

        String id = request(alice, Map.of("operation", "DEPLOY", "version", 2, "reason", "new refund rules"));
        execute("changeRequests", Map.of("state", "PENDING", "agent", agent)).body("errors", nullValue())
                .body("data.changeRequests[0].id", equalTo(id))
                .body("data.changeRequests[0].requestedBy", equalTo("token:" + alice.name()))
                .body("data.changeRequests[0].version", equalTo(2));

        for (String decision : List.of("approveChange", "rejectChange")) {
            executeAs(alice.secret(), decision, decision.equals("approveChange") ? Map.of("id", id)
                    : Map.of("id", id, "reason", "mine")).statusCode(200)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                    .body("errors[0].message", containsString("a second person must"))
                    .body("errors[0].extensions.role", equalTo("OPERATOR")); // like every FORBIDDEN
        }
        JsonPath approved = executeAs(bob.secret(), "approveChange", Map.of("id", id)).statusCode(200)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(approved.getString("data.approveChange.state")).isEqualTo("APPLIED");
        assertThat(approved.getString("data.approveChange.decidedBy")).isEqualTo("token:" + bob.name());
        assertThat(approved.getInt("data.approveChange.eventGeneration")).isEqualTo(2);

        JsonPath history = execute("deploymentHistory", Map.of("agent", agent, "environment", "production"))
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(history.getInt("data.deployment.stableVersion")).isEqualTo(2);
        Map<String, Object> event = history.getMap("data.deployment.events.edges[0].node");
        assertThat(event).containsEntry("type", "DEPLOYED").containsEntry("trigger", "API")
                .containsEntry("actor", "token:" + alice.name())
                .containsEntry("reason", "new refund rules (change request " + id + ", approved by token:"
                        + bob.name() + ")");

        // a second approval, by anyone, changes nothing
        executeAs(Tokens.admin(), "approveChange", Map.of("id", id)).statusCode(200)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", containsString("is APPLIED by token:" + bob.name()));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(2));

        await().atMost(WAIT).until(() -> audit("approveChange", id).size() >= 3);
        assertThat(audit("approveChange", id)).extracting(AuditRecord::outcome)
                .containsExactlyInAnyOrder("FORBIDDEN", "OK", "CONFLICT");
        assertThat(audit("requestChange", null)).isNotEmpty();
    }

    @Test
    void aRequestIsStaleOnceTheDeploymentMovedOn() {
        execute("deploy", Map.of("agent", agent, "environment", "staging", "version", 1)).body("errors", nullValue());
        // production had version 2 live once: unprotected, deployed (generation 2), protected again
        execute("unprotectEnvironment", Map.of("agent", agent, "environment", "production"))
                .body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 2))
                .body("errors", nullValue());
        GovernanceFixtures.protect(agent, "production", true, null, null);
        String id = request(alice, Map.of("operation", "START_ROLLOUT", "version", 3, "weight", 10));
        // meanwhile someone rolls production back (never held): generation 2 → 3
        executeAs(bob.secret(), "rollback", Map.of("agent", agent, "environment", "production", "toVersion", 1))
                .statusCode(200).body("errors", nullValue());
        JsonPath stale = executeAs(bob.secret(), "approveChange", Map.of("id", id)).statusCode(200)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(stale.getString("data.approveChange.state")).isEqualTo("STALE");
        assertThat(stale.getString("data.approveChange.outcome")).isEqualTo("The deployment moved from generation 2 "
                + "to 3 since the request; nothing was changed. Request the change again.");
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(3)).body("data.deployment.rollout", nullValue());

        // a request that names the generation its requester saw is refused at once when it has moved
        Map<String, Object> behind = new HashMap<>(Map.of("operation", "DEPLOY", "version", 3, "agent", agent,
                "environment", "production", "expectedGeneration", 2));
        executeAs(alice.secret(), "requestChange", behind).statusCode(200)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.currentGeneration", equalTo(3));
        behind.put("expectedGeneration", 3);
        executeAs(alice.secret(), "requestChange", behind).statusCode(200).body("errors", nullValue())
                .body("data.requestChange.generation", equalTo(3));
    }

    @Test
    void aRequestThatCouldNeverApplyIsRefusedAtOnce() {
        Map<String, Object> tooHeavy = new HashMap<>(Map.of("operation", "START_ROLLOUT", "version", 2, "weight", 101,
                "agent", agent, "environment", "production"));
        executeAs(alice.secret(), "requestChange", tooHeavy).statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("weight: must be between 0 and 100 (percent of traffic), "
                        + "got 101"));
        Map<String, Object> missing = new HashMap<>(Map.of("operation", "DEPLOY", "version", 999, "agent", agent,
                "environment", "production"));
        executeAs(alice.secret(), "requestChange", missing).statusCode(200)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", equalTo("Agent '" + agent + "' has no version 999"));
        // nobody is asked to approve either of them
        execute("changeRequests", Map.of("agent", agent)).body("errors", nullValue())
                .body("data.changeRequests", hasSize(0));
    }

    @Test
    void aRejectedRequestChangesNothing() {
        String id = request(alice, Map.of("operation", "DEPLOY", "version", 3));
        executeAs(bob.secret(), "rejectChange", Map.of("id", id, "reason", " ")).statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        executeAs(bob.secret(), "rejectChange", Map.of("id", id, "reason", "not before the audit")).statusCode(200)
                .body("errors", nullValue()).body("data.rejectChange.state", equalTo("REJECTED"))
                .body("data.rejectChange.decisionReason", equalTo("not before the audit"));
        executeAs(bob.secret(), "approveChange", Map.of("id", id)).statusCode(200)
                .body("errors[0].extensions.code", equalTo("CONFLICT"));
        execute("changeRequests", Map.of("state", "REJECTED", "agent", agent))
                .body("data.changeRequests.id", org.hamcrest.Matchers.contains(id));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.stableVersion", equalTo(1));
    }

    @Test
    void requestsExpireAfterADay() {
        String id = request(alice, Map.of("operation", "DEPLOY", "version", 2));
        String late = request(alice, Map.of("operation", "DEPLOY", "version", 3));
        clock.advance(Duration.ofHours(25));
        // before the scheduled pass ran, an approval is refused already
        executeAs(bob.secret(), "approveChange", Map.of("id", late)).statusCode(200)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", containsString("expired"));
        requests.expireOnce().await().atMost(WAIT);
        execute("changeRequest", Map.of("id", id)).body("data.changeRequest.state", equalTo("EXPIRED"));
        execute("changeRequest", Map.of("id", late)).body("data.changeRequest.state", equalTo("EXPIRED"));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.stableVersion", equalTo(1));
    }

    @Test
    void anApprovalDuringAFreezeWaitsUnlessAnAdminOverridesIt() {
        String id = request(alice, Map.of("operation", "DEPLOY", "version", 2));
        Instant now = clock.instant();
        GovernanceFixtures.freeze(agent, "production", now.minusSeconds(60), now.plus(Duration.ofHours(1)),
                "quarter close");
        executeAs(bob.secret(), "approveChange", Map.of("id", id)).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FROZEN"));
        execute("changeRequest", Map.of("id", id)).body("data.changeRequest.state", equalTo("PENDING"));
        executeAs(bob.secret(), "approveChange", Map.of("id", id, "overrideFreeze", "urgent")).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        execute("approveChange", Map.of("id", id, "overrideFreeze", "urgent fix")).body("errors", nullValue())
                .body("data.approveChange.state", equalTo("APPLIED"));
        JsonPath history = execute("deploymentHistory", Map.of("agent", agent, "environment", "production"))
                .extract().jsonPath();
        assertThat(history.getString("data.deployment.events.edges[0].node.reason"))
                .contains("approved by token:bootstrap-admin")
                .contains("overridden by token:bootstrap-admin: urgent fix");
    }

    @Test
    void anApproverSeesTheExactPlanOfARequestedRollout() {
        Map<String, Object> asked = new HashMap<>(Map.of("operation", "START_ROLLOUT", "agent", agent,
                "environment", "production", "version", 2, "plan", Map.of("steps", List.of(
                        Map.of("weight", 10, "minDurationMinutes", 5), Map.of("weight", 40)))));
        JsonPath created = executeAs(alice.secret(), "requestChange", asked).statusCode(200)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(created.getBoolean("data.requestChange.hasPlan")).isTrue();
        io.vertx.core.json.JsonObject plan = new io.vertx.core.json.JsonObject(
                created.getString("data.requestChange.plan"));
        assertThat(plan.getJsonArray("steps").getJsonObject(0).getInteger("weight")).isEqualTo(10);
        assertThat(plan.getJsonArray("steps").getJsonObject(0).getLong("minDurationSeconds")).isEqualTo(300);
        assertThat(plan.getJsonArray("steps").getJsonObject(1).getInteger("weight")).isEqualTo(40);
        assertThat(plan.getString("srmAction")).isEqualTo("PAUSE");
    }

    @Test
    void requestsNameWhatTheirOperationTakesAndScopesHoldForApprovers() {
        Map<String, Object> missing = new HashMap<>(Map.of("operation", "DEPLOY", "agent", agent,
                "environment", "production", "weight", 5));
        JsonPath refused = executeAs(alice.secret(), "requestChange", missing).statusCode(200).extract().jsonPath();
        assertThat(refused.getList("errors[0].extensions.violations.path")).containsExactly("version", "weight");
        String id = request(alice, Map.of("operation", "START_ROLLOUT", "version", 2, "plan", Map.of("steps",
                List.of(Map.of("weight", 10)))));
        Map<String, Object> scoped = new HashMap<>(Map.of("name", Fixtures.uniqueSlug("staging-op"),
                "role", "OPERATOR", "environments", List.of("staging")));
        scoped.put("agents", null);
        String staging = execute("createScopedApiToken", scoped).extract().path("data.createApiToken.secret");
        executeAs(staging, "approveChange", Map.of("id", id)).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].message", containsString("limited to every agent and environments staging"));
        // a request stored before the requests were checked this way (across an upgrade): its weight is not its
        // plan's first step. The approved change is refused when applied, and the request ends FAILED saying why
        // (it stayed APPROVED with nothing applied, went back to PENDING, and failed again at every approval)
        assertThat(dev.tightrope.testing.DatabaseProbe.update("update change_request set arguments = "
                + "jsonb_set(arguments::jsonb, '{weight}', '5')::text where id = ?", Long.parseLong(id)))
                .isEqualTo(1);
        executeAs(bob.secret(), "approveChange", Map.of("id", id)).statusCode(200).body("errors", nullValue())
                .body("data.approveChange.state", equalTo("FAILED"))
                .body("data.approveChange.outcome", containsString("VALIDATION"))
                .body("data.approveChange.outcome", containsString("not the plan's first step"));
    }

    /**
     * The request's generation is the deployment's now, and it is only ever applied at it: what the change would
     * refuse in that state is refused when it is asked for, instead of asking a second person to approve a change
     * that can never apply.
     */
    @Test
    void aRequestTheDeploymentsStateRefusesIsRefusedWhenAsked() {
        Map<String, Object> notFirst = new HashMap<>(Map.of("operation", "START_ROLLOUT", "agent", agent,
                "environment", "production", "version", 2, "weight", 5, "plan", Map.of("steps", List.of(
                        Map.of("weight", 10)))));
        executeAs(alice.secret(), "requestChange", notFirst).statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("weight 5 is not the plan's first step (10 %)"));
        for (Map<String, Object> asked : List.<Map<String, Object>>of(
                Map.of("operation", "START_ROLLOUT", "version", 1, "weight", 10),
                Map.of("operation", "DEPLOY", "version", 1),
                Map.of("operation", "ADVANCE_ROLLOUT", "weight", 20),
                Map.of("operation", "PROMOTE"))) {
            Map<String, Object> variables = new HashMap<>(asked);
            variables.put("agent", agent);
            variables.put("environment", "production");
            assertThat(executeAs(alice.secret(), "requestChange", variables).statusCode(200).extract()
                    .path("errors[0].extensions.code").toString()).as(asked.toString()).isEqualTo("VALIDATION");
        }
        execute("changeRequests", Map.of("agent", agent)).body("errors", nullValue())
                .body("data.changeRequests", hasSize(0));
    }

    private String request(Tokens.Created who, Map<String, Object> arguments) {
        Map<String, Object> variables = new HashMap<>(arguments);
        variables.put("agent", agent);
        variables.put("environment", "production");
        JsonPath created = executeAs(who.secret(), "requestChange", variables).statusCode(200)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(created.getString("data.requestChange.state")).isEqualTo("PENDING");
        return created.getString("data.requestChange.id");
    }

    /** The audit entries of an operation about this agent ({@code id} null) or this change request. */
    private List<AuditRecord> audit(String operation, String id) {
        return auditLog.page(new AuditFilter(null, operation, null, null, null, null), PageRequest.of(100, null,
                AuditLog.CURSOR_KIND)).await().atMost(WAIT).items().stream().map(item -> item.value())
                .filter(record -> record.argumentsJson().contains(id == null ? agent : "\"id\":\"" + id + "\""))
                .toList();
    }
}
