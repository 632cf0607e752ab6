package dev.tightrope.fuzz;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import dev.tightrope.testing.Fixtures;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Builds the {@link FuzzWorld} through the API with the ordinary test documents, and puts it back in shape between
 * cases (fuzzed mutations that are valid do run: a promote ends the canary, a deploy replaces it), so that most
 * cases meet a deployment with a canary running.
 */
final class FuzzWorldSetup {

    private FuzzWorldSetup() {
    }

    static void build(FuzzWorld world) {
        execute("createAgent", Map.of("input", Map.of("slug", world.agent(), "name", "Fuzz world")))
                .body("errors", nullValue());
        execute("createVersion", Map.of("input", Fixtures.firstVersion(world.agent(), "fuzz version 1")))
                .body("errors", nullValue());
        execute("createVersion", Map.of("input", Map.of("agent", world.agent(), "prompt",
                Fixtures.prompt("fuzz version 2")))).body("errors", nullValue());
        execute("deploy", Map.of("agent", world.agent(), "environment", world.environment(), "version", 1))
                .body("errors", nullValue());
        restore(world);
        execute("linkSlackUser", Map.of("slackUserId", world.slackOperator(), "role", "OPERATOR"))
                .body("errors", nullValue());
    }

    /** A canary at 50 % again if none is running (resumed if paused). */
    static void restore(FuzzWorld world) {
        JsonPath deployment = execute("deploymentHistory", Map.of("agent", world.agent(), "environment",
                world.environment())).extract().jsonPath();
        if (deployment.get("data.deployment") == null) {
            execute("deploy", Map.of("agent", world.agent(), "environment", world.environment(), "version", 1));
            deployment = execute("deploymentHistory", Map.of("agent", world.agent(), "environment",
                    world.environment())).extract().jsonPath();
        }
        String status = deployment.getString("data.deployment.rollout.status");
        if ("PAUSED".equals(status)) {
            execute("resumeRollout", Map.of("agent", world.agent(), "environment", world.environment()));
        } else if (status == null) {
            Integer stable = deployment.get("data.deployment.stableVersion");
            int canary = stable != null && stable == 2 ? 1 : 2;
            execute("startRollout", Map.of("agent", world.agent(), "environment", world.environment(),
                    "version", canary, "weight", 50)).body("errors", nullValue());
        }
    }

    /** The live schema, as the generator reads it. */
    static SchemaModel schema() {
        String answer = execute("introspection", Map.of()).body("errors", nullValue()).extract().asString();
        return SchemaModel.fromIntrospection(new JsonObject(answer).getJsonObject("data").getJsonObject("__schema"));
    }
}
