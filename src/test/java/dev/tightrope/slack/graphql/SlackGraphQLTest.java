package dev.tightrope.slack.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.SlackRequests;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SlackGraphQLTest {

    @Test
    void linkRelinkListAndUnlinkASlackUser() {
        String userId = SlackRequests.newUserId();
        execute("linkSlackUser", Map.of("slackUserId", userId, "role", "VIEWER"))
                .body("errors", nullValue())
                .body("data.linkSlackUser.slackUserId", equalTo(userId))
                .body("data.linkSlackUser.role", equalTo("VIEWER"))
                .body("data.linkSlackUser.linkedBy", equalTo("token:bootstrap-admin"))
                .body("data.linkSlackUser.linkedAt", notNullValue());
        execute("linkSlackUser", Map.of("slackUserId", userId, "role", "OPERATOR"))
                .body("data.linkSlackUser.role", equalTo("OPERATOR"));
        List<Map<String, Object>> users = execute("slackUsers", Map.of()).body("errors", nullValue())
                .extract().path("data.slackUsers");
        assertThat(users).filteredOn(user -> userId.equals(user.get("slackUserId")))
                .extracting(user -> user.get("role")).containsExactly("OPERATOR");
        execute("unlinkSlackUser", Map.of("slackUserId", userId)).body("data.unlinkSlackUser", equalTo(true));
        execute("unlinkSlackUser", Map.of("slackUserId", userId)).body("data.unlinkSlackUser", equalTo(false));
        List<Map<String, Object>> after = execute("slackUsers", Map.of()).extract().path("data.slackUsers");
        assertThat(after).noneMatch(user -> userId.equals(user.get("slackUserId")));
    }

    @Test
    void aSlackUserCanBeLinkedToTheSamePersonsApiTokenAndOnlyToAnExistingOne() {
        String userId = SlackRequests.newUserId();
        Tokens.Created token = Tokens.create(Fixtures.uniqueSlug("carol"), Role.OPERATOR, null);
        execute("linkSlackUser", Map.of("slackUserId", userId, "role", "OPERATOR", "apiToken", token.name()))
                .body("errors", nullValue())
                .body("data.linkSlackUser.apiToken", equalTo(token.name()));
        List<Map<String, Object>> users = execute("slackUsers", Map.of()).extract().path("data.slackUsers");
        assertThat(users).filteredOn(user -> userId.equals(user.get("slackUserId")))
                .extracting(user -> user.get("apiToken")).containsExactly(token.name());
        // linking again without it unlinks the token
        execute("linkSlackUser", Map.of("slackUserId", userId, "role", "OPERATOR"))
                .body("data.linkSlackUser.apiToken", nullValue());
        String other = SlackRequests.newUserId();
        execute("linkSlackUser", Map.of("slackUserId", other, "role", "OPERATOR", "apiToken", "nobody-has-this"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", equalTo("No API token is named 'nobody-has-this'"));
        List<Map<String, Object>> after = execute("slackUsers", Map.of()).extract().path("data.slackUsers");
        assertThat(after).noneMatch(user -> other.equals(user.get("slackUserId")));
    }

    @Test
    void onlySlackUserIdsAndRolesOfPeopleAreAccepted() {
        execute("linkSlackUser", Map.of("slackUserId", "roadrunner", "role", "OPERATOR"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations[0].path", equalTo("slackUserId"));
        execute("linkSlackUser", Map.of("slackUserId", SlackRequests.newUserId(), "role", "RUNTIME"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations[0].path", equalTo("role"));
        execute("linkSlackUser", Map.of("slackUserId", SlackRequests.newUserId(), "role", "GOD"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
    }
}
