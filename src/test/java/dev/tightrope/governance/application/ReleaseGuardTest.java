package dev.tightrope.governance.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.drills.application.DrillService;
import dev.tightrope.drills.domain.DrillMode;
import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.governance.GovernanceFixtures;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.ToolGate;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Release freezes and protected environments as the release service meets them: forward changes wait (FROZEN,
 * APPROVAL_REQUIRED) while rollbacks, pauses, circuit breakers, rules and drills always go through, whichever
 * trigger asks, except a fallback rule's switch to a version that never ran there (a release); an ADMIN can override
 * a freeze with a reason; automated rollout steps hold until the window ends.
 */
@QuarkusTest
class ReleaseGuardTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TrafficService traffic;
    @Inject
    DrillService drills;
    @Inject
    TestClock clock;
    @Inject
    AuditLog auditLog;

    private String agent;
    private Instant freezeEnd;
    private String freezeId;

    /** Version 2 stable (after 1), version 3 a 10 % canary; then production is protected and frozen. */
    @BeforeEach
    void frozenProtectedDeployment() {
        agent = Fixtures.agentWithVersions("guarded", 3);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1)).body("errors", nullValue());
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 2)).body("errors", nullValue());
        execute("startRollout", Map.of("agent", agent, "environment", "production", "version", 3, "weight", 10))
                .body("errors", nullValue());
        GovernanceFixtures.protect(agent, "production", true, null, null);
        Instant now = clock.instant();
        freezeEnd = now.plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        freezeId = GovernanceFixtures.freeze(agent, "production", now.minus(Duration.ofHours(1)), freezeEnd,
                "year-end freeze");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void forwardChangesAreFrozenWithTheWindowsEndAndReason() {
        for (String mutation : List.of("deploy", "advanceRollout", "promote", "startRollout")) {
            Map<String, Object> variables = new HashMap<>(Map.of("agent", agent, "environment", "production"));
            if (mutation.equals("deploy") || mutation.equals("startRollout")) {
                variables.put("version", 1);
            }
            if (mutation.equals("advanceRollout") || mutation.equals("startRollout")) {
                variables.put("weight", 50);
            }
            JsonPath refused = execute(mutation, variables).extract().jsonPath();
            assertThat(refused.getString("errors[0].extensions.code")).as(mutation).isEqualTo("FROZEN");
            assertThat(refused.getString("errors[0].extensions.frozenUntil")).isEqualTo(freezeEnd.toString());
            assertThat(refused.getString("errors[0].extensions.reason")).isEqualTo("year-end freeze");
            assertThat(refused.getString("errors[0].message")).contains("production is frozen for " + agent
                    + " until " + freezeEnd).contains("overrideFreeze");
        }
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(3)).body("data.deployment.rollout.weight", equalTo(10));
    }

    /** Every kind of rollback, each trigger, a pause, a resume and circuit breakers, in a frozen protected env. */
    @Test
    void rollbackIsNeverBlocked() {
        // pause and resume of the canary by a person
        assertThat(change(new TrafficCommand.PauseRollout(), Trigger.API).type())
                .isEqualTo(TrafficChangeType.ROLLOUT_PAUSED);
        assertThat(change(new TrafficCommand.ResumeRollout(), Trigger.DASHBOARD).type())
                .isEqualTo(TrafficChangeType.ROLLOUT_RESUMED);
        // a circuit breaker opens and closes a tool
        assertThat(change(new TrafficCommand.GateTool("search", ToolGate.State.OPEN, 0, clock.instant(),
                "error rate"), Trigger.CIRCUIT_BREAKER).type()).isEqualTo(TrafficChangeType.TOOL_DISABLED);
        assertThat(change(new TrafficCommand.GateTool("search", null, 0, clock.instant(), "recovered"),
                Trigger.CIRCUIT_BREAKER).type()).isEqualTo(TrafficChangeType.TOOL_ENABLED);
        // the judge rolls the canary back
        DeploymentEvent canary = change(new TrafficCommand.Rollback(null, null), Trigger.JUDGE);
        assertThat(canary.type()).isEqualTo(TrafficChangeType.ROLLED_BACK);
        assertThat(canary.fromVersion()).isEqualTo(3);
        // then every trigger rolls the stable version back and forth between 1 and 2
        int stable = 2;
        for (Trigger trigger : Trigger.values()) {
            int target = stable == 2 ? 1 : 2;
            DeploymentEvent rollback = change(new TrafficCommand.Rollback(target, null), trigger);
            assertThat(rollback.type()).as(trigger.name()).isEqualTo(TrafficChangeType.ROLLED_BACK);
            assertThat(rollback.toVersion()).as(trigger.name()).isEqualTo(target);
            stable = target;
        }
        // a drill's roll-forward is a deploy with trigger DRILL: never held either
        int forward = stable == 2 ? 1 : 2;
        assertThat(change(new TrafficCommand.Deploy(forward), Trigger.DRILL).toVersion()).isEqualTo(forward);
        // and a person's rollback over GraphQL
        executeAs(Tokens.of(Role.OPERATOR), "rollback", Map.of("agent", agent, "environment", "production",
                "reason", "incident")).statusCode(200).body("errors", nullValue())
                .body("data.rollback.type", equalTo("ROLLED_BACK"));
    }

    /** A fallback rule's version 3 was only ever a canary here: switching to it would release it in the freeze. */
    @Test
    void aFallbackToAVersionNeverStableHereIsHeldAsARelease() {
        change(new TrafficCommand.Rollback(null, null), Trigger.JUDGE); // the canary of version 3 ends
        assertThatThrownBy(() -> change(new TrafficCommand.Rollback(3, null), Trigger.RULE))
                .isInstanceOfSatisfying(TightropeException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.FROZEN);
                    assertThat(refused.getMessage()).contains("the fallback to version 3, which was never live there");
                });
        execute("deleteFreeze", Map.of("id", freezeId)).body("errors", nullValue());
        assertThatThrownBy(() -> change(new TrafficCommand.Rollback(3, null), Trigger.RULE))
                .isInstanceOfSatisfying(TightropeException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED));
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.generation", equalTo(4)).body("data.deployment.stableVersion", equalTo(2));
        // version 1 was stable here before: the same fallback to it is a rollback, never held
        assertThat(change(new TrafficCommand.Rollback(1, null), Trigger.RULE).toVersion()).isEqualTo(1);
    }

    @Test
    void aLiveDrillRollsBackAndForwardInAFrozenProtectedEnvironment() {
        change(new TrafficCommand.Rollback(null, null), Trigger.API); // the canary ends: a LIVE drill needs none
        DrillResult result = drills.run(agent, "production", DrillMode.LIVE, "token:drill-test", null)
                .await().atMost(WAIT);
        assertThat(result.passed()).as(String.valueOf(result.failureReason())).isTrue();
        assertThat(result.toVersion()).isEqualTo(1);
        assertThat(result.fromVersion()).isEqualTo(2);
        execute("deployment", Map.of("agent", agent, "environment", "production"))
                .body("data.deployment.stableVersion", equalTo(2));
    }

    @Test
    void automatedStepsHoldDuringTheFreezeAndGoOnAfterIt() {
        for (Trigger automation : EnumSet.of(Trigger.JUDGE, Trigger.SCHEDULE)) {
            assertThatThrownBy(() -> change(new TrafficCommand.AdvanceRollout(25), automation))
                    .isInstanceOfSatisfying(TightropeException.class, refused -> {
                        assertThat(refused.code()).isEqualTo(ErrorCode.FROZEN);
                        assertThat(refused.getMessage()).contains("automatic step (advanceRollout) waits");
                    });
            assertThatThrownBy(() -> change(new TrafficCommand.Promote(), automation))
                    .isInstanceOfSatisfying(TightropeException.class,
                            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.FROZEN));
        }
        clock.advance(Duration.ofHours(3)); // the window is over
        // the judge needs no approval: its steps belong to a rollout a person started
        assertThat(change(new TrafficCommand.AdvanceRollout(25), Trigger.JUDGE).weightAfter()).isEqualTo(25);
        assertThat(change(new TrafficCommand.Promote(), Trigger.SCHEDULE).type()).isEqualTo(TrafficChangeType.PROMOTED);
        // a person still needs an approval once the freeze is over
        assertThatThrownBy(() -> change(new TrafficCommand.Deploy(1), Trigger.SLACK))
                .isInstanceOfSatisfying(TightropeException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED));
    }

    @Test
    void anAdminOverridesAFreezeWithAReasonThatIsRecorded() {
        String open = Fixtures.agentWithVersions("override", 2);
        execute("deploy", Map.of("agent", open, "environment", "production", "version", 1)).body("errors", nullValue());
        Instant now = clock.instant();
        GovernanceFixtures.freeze(open, "production", now.minusSeconds(60), now.plus(Duration.ofHours(1)), "launch");
        Map<String, Object> deploy = Map.of("agent", open, "environment", "production", "version", 2,
                "overrideFreeze", "hotfix for the refund bug", "reason", "fix refunds");
        executeAs(Tokens.of(Role.OPERATOR), "governedChange", deploy).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("Only an ADMIN may pass overrideFreeze"));
        JsonPath done = execute("governedChange", deploy).body("errors", nullValue()).extract().jsonPath();
        assertThat(done.getString("data.deploy.type")).isEqualTo("DEPLOYED");
        assertThat(done.getString("data.deploy.reason")).startsWith("fix refunds [freeze ")
                .endsWith("overridden by token:bootstrap-admin: hotfix for the refund bug]");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !adminDeploys(open).isEmpty());
        List<AuditRecord> audit = adminDeploys(open);
        assertThat(audit.get(0).argumentsJson()).contains("\"overrideFreeze\":\"hotfix for the refund bug\"");
        // a rollback during the freeze needs no override
        JsonPath back = execute("rollback", Map.of("agent", open, "environment", "production")).extract().jsonPath();
        assertThat(back.getString("data.rollback.type")).isEqualTo("ROLLED_BACK");
    }

    private List<AuditRecord> adminDeploys(String open) {
        return auditLog.page(new AuditFilter("token:bootstrap-admin", "deploy", null, "OK", null,
                null), PageRequest.of(20, null, AuditLog.CURSOR_KIND)).await().atMost(WAIT).items().stream()
                .map(item -> item.value()).filter(r -> r.argumentsJson().contains(open)).toList();
    }

    @Test
    void aWeeklyFreezeHoldsNowAndDeletingItLiftsIt() {
        String weekly = Fixtures.agentWithVersions("weekly", 2);
        execute("deploy", Map.of("agent", weekly, "environment", "staging", "version", 1)).body("errors", nullValue());
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        ZonedDateTime start = now.minusHours(1);
        ZonedDateTime end = now.plusHours(1);
        Map<String, Object> window = Map.of("startDay", start.getDayOfWeek().name(), "startTime",
                "%02d:%02d".formatted(start.getHour(), start.getMinute()), "endDay", end.getDayOfWeek().name(),
                "endTime", "%02d:%02d".formatted(end.getHour(), end.getMinute()), "timeZone", "UTC");
        Map<String, Object> variables = new HashMap<>(Map.of("environment", "staging", "agent", weekly,
                "reason", "weekly maintenance", "weekly", window));
        JsonPath created = execute("createFreeze", variables).body("errors", nullValue()).extract().jsonPath();
        assertThat(created.getBoolean("data.createFreeze.active")).isTrue();
        assertThat(created.getString("data.createFreeze.weekly.timeZone")).isEqualTo("UTC");
        Instant until = end.withSecond(0).withNano(0).toInstant();
        assertThat(created.getString("data.createFreeze.activeUntil")).isEqualTo(until.toString());
        execute("deploy", Map.of("agent", weekly, "environment", "staging", "version", 2))
                .body("errors[0].extensions.code", equalTo("FROZEN"))
                .body("errors[0].extensions.frozenUntil", equalTo(until.toString()));
        execute("freezes", Map.of("environment", "staging", "agent", weekly)).body("errors", nullValue())
                .body("data.freezes.find { it.agent == '" + weekly + "' }.active", equalTo(true));
        // the deleted freeze holds no more, and says so (it answered active: true)
        execute("deleteFreeze", Map.of("id", created.getString("data.createFreeze.id"))).body("errors", nullValue())
                .body("data.deleteFreeze.active", equalTo(false)).body("data.deleteFreeze.activeUntil", nullValue())
                .body("data.deleteFreeze.nextStart", nullValue());
        execute("deploy", Map.of("agent", weekly, "environment", "staging", "version", 2)).body("errors", nullValue());
        execute("deleteFreeze", Map.of("id", created.getString("data.createFreeze.id")))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void freezesAndProtectionsAreCheckedBeforeTheyAreKept() {
        Map<String, Object> both = new HashMap<>(Map.of("environment", "staging", "agent", agent, "reason", "x",
                "from", clock.instant().toString(), "to", clock.instant().plusSeconds(60).toString(),
                "weekly", Map.of("startDay", "FRIDAY", "startTime", "15:00", "endDay", "MONDAY", "endTime", "9:00",
                        "timeZone", "Mars/Olympus")));
        execute("createFreeze", both).body("errors[0].extensions.code", equalTo("VALIDATION"));
        Map<String, Object> badWeekly = new HashMap<>(Map.of("environment", "staging", "agent", agent, "reason", "x",
                "weekly", Map.of("startDay", "FRIDAY", "startTime", "15:00", "endDay", "MONDAY", "endTime", "9:00",
                        "timeZone", "Mars/Olympus")));
        JsonPath refused = execute("createFreeze", badWeekly).extract().jsonPath();
        assertThat(refused.getList("errors[0].extensions.violations.path"))
                .containsExactly("weekly.endTime", "weekly.timeZone");
        Map<String, Object> nothing = new HashMap<>(Map.of("environment", "staging", "agent", agent,
                "requireApproval", false));
        execute("protectEnvironment", nothing).body("errors[0].extensions.code", equalTo("VALIDATION"));
        Map<String, Object> soakWithoutTime = new HashMap<>(Map.of("environment", "production", "agent", agent,
                "soakIn", "staging"));
        execute("protectEnvironment", soakWithoutTime).body("errors[0].extensions.code", equalTo("VALIDATION"));
        execute("protectedEnvironments", Map.of("agent", agent)).body("errors", nullValue())
                .body("data.protectedEnvironments.find { it.agent == '" + agent + "' }.requireApproval",
                        equalTo(true));
    }

    private DeploymentEvent change(TrafficCommand command, Trigger trigger) {
        TrafficRequest request = new TrafficRequest(agent, "production", command, null, null, "guard test "
                + trigger, trigger, trigger.name().toLowerCase());
        return traffic.change(request).await().atMost(WAIT);
    }
}
