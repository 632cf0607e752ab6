package dev.tightrope.slack.web;

import static dev.tightrope.testing.SlackRequests.command;
import static dev.tightrope.testing.SlackRequests.formBody;
import static dev.tightrope.testing.SlackRequests.post;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.SlackRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without a signing secret the Slack endpoints are off, and say so. (Own profile: the application restarts.) */
@QuarkusTest
@TestProfile(SlackDisabledTest.NoSigningSecret.class)
class SlackDisabledTest {

    /** The test configuration with the signing secret removed. */
    public static class NoSigningSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tightrope.slack.signing-secret", "");
        }
    }

    @Test
    void slackEndpointsAnswer404AndDoNothing() {
        post(SlackRoutes.COMMANDS, formBody(command(SlackRequests.newUserId(), "help", "https://hooks.slack.com/x")))
                .statusCode(404)
                .body(containsString("Slack integration is disabled on this server: set "
                        + "tightrope.slack.signing-secret (TIGHTROPE_SLACK_SIGNING_SECRET)"));
        post(SlackRoutes.INTERACTIONS, "payload=%7B%7D").statusCode(404);
    }
}
