package dev.tightrope.platform.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The GraphQL engine is built while the application starts, not by its first request: in an application of its
 * own (a test profile), before this test sends anything, the engine was built once and answered the warm-up query;
 * the first requests after it do not build it again.
 */
@QuarkusTest
@TestProfile(EngineWarmUpTest.OwnApplication.class)
class EngineWarmUpTest {

    /** A fresh application, so that no other test's request came first. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tightrope.test.profile", "engine-warm-up");
        }
    }

    @Inject
    GraphQLEngineSetup setup;

    @Inject
    EngineWarmUp warmUp;

    @Test
    void theEngineIsBuiltAtStartUpAndOnlyThen() {
        assertThat(setup.builds()).as("engines built before the first request").isEqualTo(1);
        assertThat(warmUp.warmed()).isTrue();

        String agent = Fixtures.createAgent("warm");
        execute("agent", Map.of("slug", agent)).body("errors", nullValue());
        assertThat(setup.builds()).as("engines built after the first requests").isEqualTo(1);
    }
}
