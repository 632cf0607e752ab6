package dev.tightrope.demo.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Demo mode end to end, at the cadence of {@code mvn quarkus:dev}: the judge and the rules run every 5 s as they do
 * there (tests otherwise drive them by hand), and the demo runs with its defaults (60 requests a second, 10 s of
 * warm-up). The demo sets its agent up, its runtime follows the configuration stream and reports outcomes over
 * HTTP, and the canary of every round is rolled back by the judge or a rule — within two minutes of the start. Then
 * the next round begins (after a 3 s pause here). (Own profile: the application restarts.)
 */
@QuarkusTest
@TestProfile(DemoModeTest.DemoOn.class)
class DemoModeTest {

    private static final String AGENT = "demo-support-bot";
    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    /** The test configuration with the demo on and the judge and rules on their production schedule. */
    public static class DemoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tightrope.demo.enabled", "true",
                    "tightrope.demo.pause", "3S",
                    "tightrope.demo.seed", "20261201",
                    "tightrope.judge.every", "5S",
                    "tightrope.rules.every", "5S");
        }
    }

    @Test
    void theCanaryOfEveryRoundIsRolledBackAutomaticallyWithinTwoMinutes() {
        Instant testStart = Instant.now();
        AtomicReference<JsonPath> seen = new AtomicReference<>();
        await("the demo's first canary rolled back by the judge or a rule").atMost(TWO_MINUTES)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    seen.set(story());
                    return automaticRollback(seen.get()).isPresent();
                });
        JsonPath answer = seen.get();
        Map<String, Object> rollback = automaticRollback(answer).orElseThrow();
        List<Map<String, Object>> events = events(answer);
        Map<String, Object> firstDeploy = events.get(events.size() - 1);
        assertThat(firstDeploy.get("type")).isEqualTo("DEPLOYED");
        Instant deployedAt = Instant.parse((String) firstDeploy.get("committedAt"));
        Instant rolledBackAt = Instant.parse((String) rollback.get("committedAt"));
        Duration tookFromStart = Duration.between(deployedAt, rolledBackAt);
        System.out.printf("demo: v1 deployed at %s, the canary rolled back by %s %s later (test waited %s): %s%n",
                deployedAt, rollback.get("trigger"), tookFromStart, Duration.between(testStart, Instant.now()),
                rollback.get("reason"));
        assertThat(tookFromStart).as("from the demo's first deploy to the automatic rollback").isLessThan(TWO_MINUTES);

        // the rollout was the demo's own, started with its ADMIN token, of version 2 against version 1
        Map<String, Object> started = events.stream()
                .filter(e -> "ROLLOUT_STARTED".equals(e.get("type")) && rollback.get("rolloutId").equals(e.get("rolloutId")))
                .findFirst().orElseThrow();
        assertThat((String) started.get("actor")).startsWith("token:demo-admin-");
        assertThat(started.get("trigger")).isEqualTo("API");
        // a regressed metric of the demo's v2 (errors, and so fewer tasks completed; slower): whichever the judge or a
        // rule saw first
        assertThat((String) rollback.get("reason")).containsAnyOf("ERROR_RATE", "error_rate", "LATENCY", "latency",
                "TASK_COMPLETION", "task_completion");

        // the runtime is a real one: it followed the stream with its runtimeId and acknowledged the rollback
        await("the rollback acknowledged by the demo's runtime").atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> event = events(story()).stream()
                    .filter(e -> rollback.get("generation").equals(e.get("generation"))).findFirst().orElseThrow();
            @SuppressWarnings("unchecked")
            Map<String, Object> propagation = (Map<String, Object>) event.get("propagation");
            return "ACKNOWLEDGED".equals(propagation.get("status"))
                    && ((Number) propagation.get("runtimesAcknowledged")).intValue() >= 1;
        });
        List<Map<String, Object>> tokens = execute("apiTokens", Map.of()).body("errors", nullValue()).extract()
                .jsonPath().getList("data.apiTokens");
        assertThat(tokens).anySatisfy(token -> {
            assertThat((String) token.get("name")).startsWith("demo-runtime-");
            assertThat(token.get("role")).isEqualTo("RUNTIME");
            assertThat(token.get("status")).isEqualTo("ACTIVE");
        });

        // the story goes on: the banner's state names the end, and the next round starts
        await("the next round").atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath next = story();
            return next.getInt("data.demo.rounds") >= 2 && "ROLLING_OUT".equals(next.getString("data.demo.phase"));
        });
        JsonPath demo = story();
        assertThat(demo.getBoolean("data.demo.enabled")).isTrue();
        assertThat(demo.getString("data.demo.agent")).isEqualTo(AGENT);
        assertThat(demo.getString("data.demo.lastEnd.trigger")).isIn("JUDGE", "RULE");
        assertThat(demo.getString("data.demo.lastEnd.rolloutId")).isEqualTo(rollback.get("rolloutId"));
        assertThat(demo.getInt("data.demo.weight")).isEqualTo(5);
        assertThat(demo.getString("data.demo.problem")).isNull();
        assertThat(demo.getDouble("data.demo.canaryErrorRate")).isEqualTo(0.35);
    }

    private static JsonPath story() {
        return execute("demoStory", Map.of("agent", AGENT, "environment", "production")).body("errors", nullValue())
                .extract().jsonPath();
    }

    private static List<Map<String, Object>> events(JsonPath answer) {
        List<Map<String, Object>> events = answer.getList("data.agent.deployment.events.edges.node");
        return events == null ? List.of() : events;
    }

    private static Optional<Map<String, Object>> automaticRollback(JsonPath answer) {
        return events(answer).stream()
                .filter(e -> "ROLLED_BACK".equals(e.get("type")))
                .filter(e -> "JUDGE".equals(e.get("trigger")) || "RULE".equals(e.get("trigger")))
                .reduce((newer, older) -> older);
    }
}
