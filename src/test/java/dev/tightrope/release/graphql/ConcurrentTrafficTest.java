package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import dev.tightrope.testing.GraphQLClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Two people (here: 200 requests) promote and roll back at once, all believing the deployment is at the same
 * generation: exactly one wins, the others are told CONFLICT, and the history gains exactly one event.
 */
@QuarkusTest
class ConcurrentTrafficTest {

    private static final int CALLERS = 200;
    private static final String ENV = "production";

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void exactlyOneOfManyConflictingChangesWins() {
        String agent = Fixtures.agentWithVersions("race-traffic", 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        execute("startRollout", Map.of("agent", agent, "environment", ENV, "version", 2, "weight", 10))
                .body("errors", nullValue());
        int generation = 2;

        String promote = GraphQLClient.load("promote");
        String rollback = GraphQLClient.load("rollback");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, CALLERS).mapToObj(i -> {
            JsonObject body = new JsonObject()
                    .put("query", i % 2 == 0 ? promote : rollback)
                    .put("variables", Map.of("agent", agent, "environment", ENV, "expectedGeneration", generation));
            return client.sendAsync(HttpRequest.newBuilder(graphql)
                    .timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + Tokens.admin())
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }).toList();

        List<String> winners = new ArrayList<>();
        int conflicts = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertThat(response.statusCode()).isEqualTo(200);
            JsonPath json = JsonPath.from(response.body());
            if (json.getList("errors") == null) {
                winners.add(response.body());
            } else {
                assertThat(json.getString("errors[0].extensions.code")).as(response.body()).isEqualTo("CONFLICT");
                assertThat(json.getInt("errors[0].extensions.currentGeneration")).isEqualTo(generation + 1);
                conflicts++;
            }
        }
        assertThat(winners).hasSize(1);
        assertThat(conflicts).isEqualTo(CALLERS - 1);

        JsonPath deployment = execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 10))
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(deployment.getInt("data.deployment.generation")).isEqualTo(generation + 1);
        assertThat(deployment.getList("data.deployment.events.edges")).hasSize(3);
        assertThat(deployment.getString("data.deployment.events.edges[0].node.type")).isIn("PROMOTED", "ROLLED_BACK");
        assertThat(deployment.getString("data.deployment.rollout")).isNull();
    }
}
