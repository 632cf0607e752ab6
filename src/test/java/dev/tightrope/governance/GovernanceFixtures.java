package dev.tightrope.governance;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** Protections and freezes for governance tests, through the public API as the bootstrap ADMIN. */
public final class GovernanceFixtures {

    private GovernanceFixtures() {
    }

    /** Protects the environment for the agent; {@code soakIn} null: approval only. */
    public static JsonPath protect(String agent, String environment, boolean requireApproval, String soakIn,
            Integer minimumSoakMinutes) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("environment", environment);
        variables.put("agent", agent);
        variables.put("requireApproval", requireApproval);
        variables.put("soakIn", soakIn);
        variables.put("minimumSoakMinutes", minimumSoakMinutes);
        return execute("protectEnvironment", variables).body("errors", nullValue()).extract().jsonPath();
    }

    /** Freezes the environment for the agent from {@code from} to {@code to}; the freeze's id. */
    public static String freeze(String agent, String environment, Instant from, Instant to, String reason) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("environment", environment);
        variables.put("agent", agent);
        variables.put("reason", reason);
        variables.put("from", from.toString());
        variables.put("to", to.toString());
        return execute("createFreeze", variables).body("errors", nullValue()).extract().path("data.createFreeze.id");
    }
}
