package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * PostgreSQL goes away: route() keeps answering from memory, writes fail with UNAVAILABLE and change nothing, the
 * staleness gauge grows, the instance stays ready (only the database health group is DOWN); PostgreSQL comes back: everything recovers by itself and the routing tables catch up on a
 * change made while the listener was still reconnecting.
 */
@QuarkusTest
class FailStaticTest {

    private static final String ENV = "production";

    @Test
    void routingSurvivesTheDatabaseAndRecoversWhenItReturns() throws Exception {
        String agent = Fixtures.agentWithVersions("fail-static", 3);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 50))
                .body("errors", nullValue());
        Map<String, Integer> before = versionsFor(agent);

        EmbeddedPostgresResource.shutDown();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(versionsFor(agent)).as("route() answers from memory").isEqualTo(before);
            }
            execute("rollback", Map.of("agent", agent, "environment", ENV))
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("UNAVAILABLE"));
            execute("agent", Map.of("slug", agent))
                    .body("errors[0].extensions.code", equalTo("UNAVAILABLE"));
            // known tokens are checked from memory; a token never seen cannot be checked now
            executeAs("tr_" + "f".repeat(43), "route", Map.of("agent", agent, "environment", ENV))
                    .statusCode(503)
                    .body("errors[0].extensions.code", equalTo("UNAVAILABLE"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> metric("tightrope_routing_table_staleness_seconds") > 5);
            assertThat(versionsFor(agent)).isEqualTo(before);
            // the instance stays in service: ready and live; the database group says what is wrong
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/health/group/database").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            EmbeddedPostgresResource.restart();
        }

        // a change committed right after the restart, probably before the listener is back: caught up anyway
        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                PreparedStatement update = connection.prepareStatement("update rollout set weight = 100 "
                        + "where status = 'RUNNING' and agent_id = (select id from agent where slug = ?)");
                PreparedStatement bump = connection.prepareStatement("update deployment set generation = generation "
                        + "+ 1 where environment = ? and agent_id = (select id from agent where slug = ?)")) {
            update.setString(1, agent);
            assertThat(update.executeUpdate()).isEqualTo(1);
            bump.setString(1, ENV);
            bump.setString(2, agent);
            assertThat(bump.executeUpdate()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(versionsFor(agent).values()).as("all keys on the canary at 100 %").containsOnly(2));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                execute("rollback", Map.of("agent", agent, "environment", ENV, "idempotencyKey", "after-" + agent))
                        .body("errors", nullValue())
                        .body("data.rollback.toVersion", equalTo(1)));
        assertThat(versionsFor(agent).values()).containsOnly(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> metric("tightrope_routing_table_staleness_seconds") < 10);
        given().get("/q/health/group/database").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static Map<String, Integer> versionsFor(String agent) {
        Map<String, Integer> versions = new java.util.TreeMap<>();
        for (int i = 0; i < 20; i++) {
            String key = "user-" + i;
            versions.put(key, execute("route", Map.of("agent", agent, "environment", ENV, "routingKey", key))
                    .body("errors", nullValue()).extract().path("data.route.version"));
        }
        return versions;
    }

    private static double metric(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
