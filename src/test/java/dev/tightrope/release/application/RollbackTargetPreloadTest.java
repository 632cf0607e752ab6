package dev.tightrope.release.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.release.persistence.RollbackTargetStore;
import dev.tightrope.release.persistence.RollbackTargetStore.Target;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What an instance reads ahead when it loads its routing tables, so that the first rollback after start-up
 * switches from memory: the configuration each deployment would roll back to (the rule of {@code RollbackTarget}:
 * where the stable version came from when it last went live forward), and every agent's id.
 */
@QuarkusTest
class RollbackTargetPreloadTest {

    private static final String ENV = "production";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RoutingTables tables;

    @Inject
    RollbackTargetStore targets;

    @Inject
    AgentIds agentIds;

    @Test
    void aFreshLoadReadsTheRollbackTargetAndTheRollbackThenReadsNothing() {
        String agent = Fixtures.agentWithVersions("preload", 3);
        for (int version = 1; version <= 3; version++) {
            change("deploy", agent, version);
        }
        tables.forgetConfigurations(); // as on an instance that has just started

        tables.refreshAll().await().atMost(WAIT);
        long readsAfterLoad = tables.versionReads();
        Map<String, Object> rollback = change("rollback", agent, null);

        assertThat(rollback).containsEntry("fromVersion", 3).containsEntry("toVersion", 2);
        assertThat(tables.versionReads()).as("configurations read by the rollback itself")
                .isEqualTo(readsAfterLoad);
        assertThat(tables.route(agent, ENV, "user-1").config().number()).isEqualTo(2);
    }

    @Test
    void theTargetFollowsTheLastForwardMoveNotTheLastChange() {
        String agent = Fixtures.agentWithVersions("preload-chain", 3);
        for (int version = 1; version <= 3; version++) {
            change("deploy", agent, version);
        }
        change("rollback", agent, null); // 3 → 2: 2 came from 1, so the next rollback goes to 1
        long agentId = agentIds.of(agent).await().atMost(WAIT);

        assertThat(targetsOf(agentId)).containsExactly(new Target(agentId, 1));

        change("rollback", agent, null); // 2 → 1: 1 came from nothing
        assertThat(targetsOf(agentId)).as("nothing to roll back to").isEmpty();
    }

    @Test
    void aDeploymentInARolloutOrWithOneVersionHasNoTargetToRead() {
        String single = Fixtures.agentWithVersions("preload-single", 1);
        change("deploy", single, 1);
        String canary = Fixtures.deployedWithCanary("preload-canary");

        assertThat(targetsOf(agentIds.of(single).await().atMost(WAIT))).isEmpty();
        assertThat(targetsOf(agentIds.of(canary).await().atMost(WAIT)))
                .as("a rollback during a rollout returns to the stable version, which is in use").isEmpty();
    }

    /** What the routing tables hand over ({@code RoutingTables} calls it for every agent it loads). */
    @Test
    void anIdItIsHandedNeedsNoDatabase() {
        String agent = Fixtures.agentWithVersions("preload-id", 1);
        change("deploy", agent, 1);
        long id = agentIds.of(agent).await().atMost(WAIT);
        AgentIds fresh = new AgentIds(null, null); // no database behind it: only what it is told
        fresh.remember(agent, id);

        assertThat(fresh.of(agent).await().atMost(WAIT)).isEqualTo(id);
    }

    private List<Target> targetsOf(long agentId) {
        return targets.targets(10_000).await().atMost(WAIT).stream().filter(t -> t.agentId() == agentId).toList();
    }

    private static Map<String, Object> change(String mutation, String agent, Integer version) {
        Map<String, Object> variables = version == null ? Map.of("agent", agent, "environment", ENV)
                : Map.of("agent", agent, "environment", ENV, "version", version);
        return execute(mutation, variables).body("errors", nullValue()).extract().path("data." + mutation);
    }
}
