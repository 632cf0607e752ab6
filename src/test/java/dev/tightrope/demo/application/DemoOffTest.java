package dev.tightrope.demo.application;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Outside dev mode the demo is off: the query says so and nothing of it is set up. */
@QuarkusTest
class DemoOffTest {

    @Test
    void theTestApplicationRunsNoDemo() {
        execute("demo", Map.of()).body("errors", nullValue())
                .body("data.demo.enabled", equalTo(false))
                .body("data.demo.agent", nullValue())
                .body("data.demo.phase", nullValue());
        execute("agent", Map.of("slug", "demo-support-bot")).body("data.agent", nullValue());
    }
}
