package dev.tightrope.runtime.http;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;

/** Traffic changes through the real GraphQL API, for the runtime API's tests. */
final class RuntimeTraffic {

    static final String ENV = "production";

    private RuntimeTraffic() {
    }

    /** Runs a traffic mutation (deploy, startRollout, advanceRollout, rollback, …); returns the new generation. */
    static int change(String mutation, String agent, Map<String, Object> arguments) {
        Map<String, Object> variables = new HashMap<>(arguments);
        variables.put("agent", agent);
        variables.put("environment", ENV);
        return execute(mutation, variables).body("errors", nullValue())
                .extract().path("data." + mutation + ".generation");
    }

    static String configPath(String agent) {
        return "/api/v1/agents/" + agent + "/environments/" + ENV + "/config";
    }
}
