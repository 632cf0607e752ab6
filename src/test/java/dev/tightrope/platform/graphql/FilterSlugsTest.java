package dev.tightrope.platform.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A query's agent or environment filter that is not a slug is a typing mistake: VALIDATION naming it, as the
 * mutations, the subscriptions and the runtime API answer, instead of an empty list (or null) that reads as "nothing
 * here". Left out, a filter is no filter.
 */
@QuarkusTest
class FilterSlugsTest {

    @Test
    void aFilterThatIsNotASlugIsNamedNotAnsweredEmpty() {
        String agent = Fixtures.agentWithVersions("filters", 1);
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", 1));
        List<Object[]> refused = List.of(
                new Object[] {"alerts", Map.of("agent", "Bad Slug"), "agent"},
                new Object[] {"freezes", Map.of("environment", "Bad Env"), "environment"},
                new Object[] {"changeRequests", Map.of("agent", "Bad Slug"), "agent"},
                new Object[] {"protectedEnvironments", Map.of("environment", "Bad Env"), "environment"},
                new Object[] {"drills", Map.of("agent", agent, "environment", "Bad Env"), "environment"},
                new Object[] {"deployment", Map.of("agent", agent, "environment", "Bad Env"), "environment"});
        for (Object[] query : refused) {
            @SuppressWarnings("unchecked")
            JsonPath answer = execute((String) query[0], (Map<String, Object>) query[1]).extract().jsonPath();
            assertThat(answer.getString("errors[0].extensions.code")).as((String) query[0]).isEqualTo("VALIDATION");
            assertThat(answer.getString("errors[0].extensions.violations[0].path")).as((String) query[0])
                    .isEqualTo(query[2]);
        }
        // the same queries without the filter, or with a good one, answer as before
        assertThat(execute("freezes", Map.of()).extract().jsonPath().getString("errors")).isNull();
        assertThat(execute("drills", Map.of("agent", agent, "environment", "production")).extract().jsonPath()
                .getString("errors")).isNull();
        assertThat(execute("deployment", Map.of("agent", agent, "environment", "staging")).extract().jsonPath()
                .getString("data.deployment")).as("nothing deployed there: null, not an error").isNull();
    }
}
