package dev.tightrope.fuzz;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;

/**
 * Many clients change one deployment at once: {@value #THREADS} threads send {@value #CHANGES} mixed traffic changes
 * (deploy, startRollout, advanceRollout, pauseRollout, resumeRollout, rollback, promote), each with an
 * expectedGeneration that is right, stale or absent, while setSlackWebhook is set for the same agent.
 *
 * <p>Why: under contention every change must still be one transaction that either applies exactly once or is
 * refused for a reason the sequential state machine also gives — CONFLICT (lost the race, stale generation) or
 * VALIDATION (the change does not fit the state it met) — never INTERNAL; and the history must stay a gapless
 * sequence of generations with one event per applied change. Bounded by count and time; seeded by
 * {@code tightrope.fuzz.seed} like the fuzz run.
 */
@QuarkusTest
class ConcurrentChangesTest {

    static final int THREADS = 8;
    static final int CHANGES = 400;
    private static final String ENV = "production";
    private static final long TIME_LIMIT_SECONDS = 240;

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    @Test
    void everyChangeAppliesOnceOrIsRefusedForAReasonAndTheHistoryHasNoGaps() throws Exception {
        long seed = FuzzSettings.fromSystemProperties().seed();
        System.out.println("ConcurrentChangesTest: seed " + seed + " (replay: -Dtightrope.fuzz.seed=" + seed + ")");
        String agent = Fixtures.agentWithVersions("concurrent-changes", 3);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        List<ConcurrentChanges.Change> changes = ConcurrentChanges.plan(new java.util.Random(seed), agent, CHANGES);

        ConcurrentLinkedQueue<ConcurrentChanges.Outcome> outcomes = new ConcurrentLinkedQueue<>();
        try (FakeSlack slack = FakeSlack.start(vertx)) {
            ConcurrentChanges client = new ConcurrentChanges(graphql, slack.url("/services/T1/B1/concurrent"));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS);
            for (ConcurrentChanges.Change change : changes) {
                pool.execute(() -> {
                    if (System.nanoTime() < deadline) {
                        outcomes.add(client.send(change));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(TIME_LIMIT_SECONDS + 60, TimeUnit.SECONDS)).as("finished in time")
                    .isTrue();
        }

        List<String> problems = new ArrayList<>();
        List<Long> appliedGenerations = new ArrayList<>();
        Map<String, Integer> tally = new HashMap<>();
        for (ConcurrentChanges.Outcome outcome : outcomes) {
            tally.merge(outcome.change().operation() + " " + outcome.result(), 1, Integer::sum);
            if (outcome.problem() != null) {
                problems.add(outcome.problem());
            } else if (outcome.generation() != null) {
                appliedGenerations.add(outcome.generation());
            }
        }
        System.out.println("ConcurrentChangesTest: " + outcomes.size() + " of " + changes.size() + " changes sent; "
                + new java.util.TreeMap<>(tally));

        List<Long> history = history(agent);
        List<Long> expected = new ArrayList<>();
        for (long g = 1; g <= history.size(); g++) {
            expected.add(g);
        }
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(problems.subList(0, Math.min(10, problems.size())))
                    .as("answers other than applied, CONFLICT or a state refusal (VALIDATION): " + problems.size()
                            + " in all, the first 10")
                    .isEmpty();
            soft.assertThat(outcomes).as("every planned change was sent within the time limit").hasSize(changes.size());
            soft.assertThat(history).as("generations 1..N without gaps or duplicates").isEqualTo(expected);
            soft.assertThat(appliedGenerations).as("each applied change answered with its own generation")
                    .doesNotHaveDuplicates();
            soft.assertThat(history.subList(Math.min(1, history.size()), history.size()))
                    .as("one event per applied change (generation 1 is the first deploy)")
                    .containsExactlyInAnyOrderElementsOf(appliedGenerations);
        });
    }

    /** Every generation in the deployment's event history, oldest first (paged, 100 at a time). */
    private static List<Long> history(String agent) {
        List<Long> generations = new ArrayList<>();
        String after = null;
        while (true) {
            Map<String, Object> variables = new HashMap<>(Map.of("agent", agent, "environment", ENV, "first", 100));
            variables.put("after", after);
            JsonPath page = execute("deployment", variables).body("errors", nullValue()).extract().jsonPath();
            List<Number> batch = page.getList("data.deployment.events.edges.node.generation", Number.class);
            batch.forEach(g -> generations.add(g.longValue()));
            if (!page.getBoolean("data.deployment.events.pageInfo.hasNextPage")) {
                break;
            }
            after = page.getString("data.deployment.events.pageInfo.endCursor");
        }
        java.util.Collections.reverse(generations);
        return generations;
    }
}
