package dev.tightrope.registry.graphql;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Version numbers stay gap-free and unique when many writers race on one agent: 20 concurrent createVersion calls,
 * each its own HTTP request, end up as versions 1..20.
 */
@QuarkusTest
class ConcurrentVersionsTest {

    private static final int WRITERS = 20;

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void concurrentCreateVersionCallsGetNumbersOneToTwentyExactly() {
        String agent = Fixtures.createAgent("race");
        String document = GraphQLClient.load("createVersion");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.rangeClosed(1, WRITERS)
                .mapToObj(i -> {
                    JsonObject body = new JsonObject()
                            .put("query", document)
                            .put("variables", Map.of("input", Fixtures.firstVersion(agent, "prompt " + i)));
                    HttpRequest request = HttpRequest.newBuilder(graphql)
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + Tokens.admin())
                            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                            .build();
                    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                })
                .toList();

        List<Integer> numbers = new ArrayList<>();
        List<Integer> promptNumbers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertThat(response.statusCode()).isEqualTo(200);
            JsonPath json = JsonPath.from(response.body());
            assertThat(json.getList("errors")).as(response.body()).isNull();
            numbers.add(json.getInt("data.createVersion.number"));
            promptNumbers.add(json.getInt("data.createVersion.prompt.number"));
        }
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, WRITERS).boxed().toList());
        // every prompt differs, so prompt component numbers are gap-free too; the other four are shared (v1)
        assertThat(promptNumbers).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, WRITERS).boxed().toList());
    }
}
