package dev.tightrope.registry.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SmokeTest {

    @Test
    void createsAnAgent() {
        execute("createAgent", Map.of("input", Map.of("slug", "smoke", "name", "Smoke")))
                .log().all()
                .body("data.createAgent.slug", equalTo("smoke"));
        execute("agent", Map.of("slug", "nope")).log().all();
        execute("createVersion", Map.of("input", Map.of("agent", "smoke", "prompt", Map.of("system", 3)))).log().all();
    }
}
