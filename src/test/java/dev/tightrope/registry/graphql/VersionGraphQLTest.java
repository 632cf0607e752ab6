package dev.tightrope.registry.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class VersionGraphQLTest {

    @Test
    void firstVersionPinsAllFiveComponentsAtVersionOne() {
        String agent = Fixtures.createAgent("first");
        JsonPath version = execute("createVersion", Map.of("input", Fixtures.firstVersion(agent, "You help.")))
                .body("errors", nullValue())
                .extract().jsonPath();
        assertThat(version.getInt("data.createVersion.number")).isEqualTo(1);
        assertThat(version.getString("data.createVersion.parentNumber")).isNull();
        assertThat(version.getString("data.createVersion.parent")).isNull();
        assertThat(version.getString("data.createVersion.author")).isEqualTo("token:bootstrap-admin");
        assertThat(version.getString("data.createVersion.message")).isEqualTo("first version");
        assertThat(version.getString("data.createVersion.snapshotHash")).hasSize(64);
        for (String field : List.of("prompt", "model", "tools", "guardrails", "knowledgeBase")) {
            assertThat(version.getInt("data.createVersion." + field + ".number")).as(field).isEqualTo(1);
            assertThat(version.getString("data.createVersion." + field + ".hash")).as(field).hasSize(64);
        }
        assertThat(version.getString("data.createVersion.prompt.kind")).isEqualTo("PROMPT");
        assertThat(version.getString("data.createVersion.knowledgeBase.kind")).isEqualTo("KNOWLEDGE_BASE");
        assertThat(version.getString("data.createVersion.prompt.content.system")).isEqualTo("You help.");
        assertThat(version.getInt("data.createVersion.model.content.maxTokens")).isEqualTo(1024);
    }

    @Test
    void firstVersionWithoutAllComponentsNamesTheMissingOnes() {
        String agent = Fixtures.createAgent("incomplete");
        execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", Fixtures.prompt("Hi"))))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path",
                        equalTo(List.of("model", "tools", "guardrails", "knowledgeBase")));
    }

    @Test
    void changingOnlyThePromptInheritsTheOtherComponents() {
        String agent = Fixtures.createAgent("inherit");
        Fixtures.createFirstVersion(agent, "Refunds are 10% of the price.");
        JsonPath v2 = execute("createVersion", Map.of("input", Map.of("agent", agent,
                "prompt", Fixtures.prompt("Refunds are the full price."), "message", "fix refund amounts")))
                .body("errors", nullValue())
                .extract().jsonPath();
        assertThat(v2.getInt("data.createVersion.number")).isEqualTo(2);
        assertThat(v2.getInt("data.createVersion.parentNumber")).isEqualTo(1);
        assertThat(v2.getInt("data.createVersion.parent.number")).isEqualTo(1);
        assertThat(v2.getInt("data.createVersion.prompt.number")).isEqualTo(2);
        for (String field : List.of("model", "tools", "guardrails", "knowledgeBase")) {
            assertThat(v2.getInt("data.createVersion." + field + ".number")).as(field).isEqualTo(1);
        }
    }

    @Test
    void identicalContentReusesTheComponentVersionWhateverTheKeyOrder() {
        String agent = Fixtures.createAgent("reuse");
        Fixtures.createFirstVersion(agent, "Original prompt.");
        execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", Fixtures.prompt("Changed."))))
                .body("data.createVersion.prompt.number", equalTo(2));

        // revert the prompt only (seed scenario 1): same content, other key order → prompt v1 again, version 3
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("examples", List.of(Map.of("output", "Let me check.", "input", "Where is my refund?")));
        reordered.put("system", "Original prompt.");
        JsonPath v3 = execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", reordered)))
                .body("errors", nullValue())
                .extract().jsonPath();
        assertThat(v3.getInt("data.createVersion.number")).isEqualTo(3);
        assertThat(v3.getInt("data.createVersion.prompt.number")).isEqualTo(1);

        JsonPath v1 = execute("version", Map.of("agent", agent, "number", 1)).extract().jsonPath();
        assertThat(v3.getString("data.createVersion.snapshotHash")).isEqualTo(v1.getString("data.version.snapshotHash"));

        execute("componentVersions", Map.of("slug", agent, "kind", "PROMPT"))
                .body("data.agent.componentVersions.edges.node.number", equalTo(List.of(2, 1)));
    }

    @Test
    void unknownExtraFieldsAreKept() {
        String agent = Fixtures.createAgent("extra");
        Map<String, Object> input = Fixtures.firstVersion(agent, "Hello");
        Map<String, Object> model = new HashMap<>(Fixtures.model("claude-3"));
        model.put("routingHint", Map.of("region", "eu", "weights", List.of(1, 2)));
        input.put("model", model);
        execute("createVersion", Map.of("input", input))
                .body("errors", nullValue())
                .body("data.createVersion.model.content.routingHint.region", equalTo("eu"))
                .body("data.createVersion.model.content.routingHint.weights", equalTo(List.of(1, 2)));
    }

    @Test
    void wrongTypesAreRejectedWithTheFieldPathAndNothingIsCreated() {
        String agent = Fixtures.createAgent("types");
        Map<String, Object> input = Fixtures.firstVersion(agent, "Hello");
        input.put("model", Map.of("provider", "openai", "modelId", 7, "temperature", "hot"));
        input.put("tools", Map.of("tools", List.of(Map.of("name", "search"), Map.of("name", "search"))));
        execute("createVersion", Map.of("input", input))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("model.modelId"))
                .body("errors[0].extensions.violations.path", hasItem("model.temperature"))
                .body("errors[0].extensions.violations.path", hasItem("tools.tools[1].name"))
                .body("errors[0].message", containsString("model.modelId: expected a string but got a number"));
        execute("agent", Map.of("slug", agent)).body("data.agent.latestVersion", nullValue());
        execute("componentVersions", Map.of("slug", agent, "kind", "PROMPT"))
                .body("data.agent.componentVersions.edges", hasSize(0));
    }

    @Test
    void oversizedPromptIsRejected() {
        String agent = Fixtures.createAgent("big");
        String huge = "x".repeat(262_145);
        execute("createVersion", Map.of("input", Fixtures.firstVersion(agent, huge)))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("the limit is 262144 bytes"));
    }

    @Test
    void explicitBaseVersionAndItsErrors() {
        String agent = Fixtures.createAgent("base");
        Fixtures.createFirstVersion(agent, "one");
        execute("createVersion", Map.of("input", Map.of("agent", agent, "model", Fixtures.model("gpt-5"))))
                .body("data.createVersion.number", equalTo(2));
        // based on version 1: the model goes back to v1, the prompt changes
        execute("createVersion", Map.of("input", Map.of("agent", agent, "baseVersion", 1,
                "prompt", Fixtures.prompt("three"))))
                .body("errors", nullValue())
                .body("data.createVersion.number", equalTo(3))
                .body("data.createVersion.parentNumber", equalTo(1))
                .body("data.createVersion.model.number", equalTo(1))
                .body("data.createVersion.prompt.number", equalTo(2));

        execute("createVersion", Map.of("input", Map.of("agent", agent, "baseVersion", 9,
                "prompt", Fixtures.prompt("x"))))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", equalTo("Agent '" + agent + "' has no version 9"));
        execute("createVersion", Map.of("input", Map.of("agent", agent, "baseVersion", 0,
                "prompt", Fixtures.prompt("x"))))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("baseVersion"));
        execute("createVersion", Map.of("input", Fixtures.firstVersion("no-such-agent", "x")))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void versionQueryAndNewestFirstHistory() {
        String agent = Fixtures.createAgent("history");
        Fixtures.createFirstVersion(agent, "v1");
        for (int i = 2; i <= 4; i++) {
            execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", Fixtures.prompt("v" + i),
                    "message", "change " + i))).body("errors", nullValue());
        }
        execute("version", Map.of("agent", agent, "number", 3))
                .body("errors", nullValue())
                .body("data.version.number", equalTo(3))
                .body("data.version.parent.number", equalTo(2))
                .body("data.version.agent.slug", equalTo(agent))
                .body("data.version.message", equalTo("change 3"))
                .body("data.version.components.kind",
                        equalTo(List.of("PROMPT", "MODEL", "TOOLS", "GUARDRAILS", "KNOWLEDGE_BASE")));
        execute("agent", Map.of("slug", agent)).body("data.agent.latestVersion.number", equalTo(4));

        JsonPath first = execute("versions", Map.of("slug", agent, "first", 3)).extract().jsonPath();
        assertThat(first.getList("data.agent.versions.edges.node.number")).containsExactly(4, 3, 2);
        assertThat(first.getBoolean("data.agent.versions.pageInfo.hasNextPage")).isTrue();
        String cursor = first.getString("data.agent.versions.pageInfo.endCursor");
        execute("versions", Map.of("slug", agent, "first", 3, "after", cursor))
                .body("data.agent.versions.edges.node.number", equalTo(List.of(1)))
                .body("data.agent.versions.pageInfo.hasNextPage", equalTo(false));

        execute("version", Map.of("agent", agent, "number", 99))
                .body("data.version", nullValue())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void diffShowsWhichComponentsChangedWithAReadableDiff() {
        String agent = Fixtures.createAgent("diff");
        Fixtures.createFirstVersion(agent, "Be polite.\nRefunds are 10% of the price.\nSign with 'Support'.");
        execute("createVersion", Map.of("input", Map.of("agent", agent,
                "prompt", Fixtures.prompt("Be polite.\nRefunds are the full price.\nSign with 'Support'."))))
                .body("errors", nullValue());

        JsonPath diff = execute("diff", Map.of("agent", agent, "from", 1, "to", 2))
                .body("errors", nullValue())
                .extract().jsonPath();
        assertThat(diff.getBoolean("data.diff.changed")).isTrue();
        assertThat(diff.getList("data.diff.components.kind"))
                .containsExactly("PROMPT", "MODEL", "TOOLS", "GUARDRAILS", "KNOWLEDGE_BASE");
        assertThat(diff.getList("data.diff.components.changed")).containsExactly(true, false, false, false, false);
        assertThat(diff.getInt("data.diff.components[0].fromVersion")).isEqualTo(1);
        assertThat(diff.getInt("data.diff.components[0].toVersion")).isEqualTo(2);
        String unified = diff.getString("data.diff.components[0].unifiedDiff");
        assertThat(unified).contains("--- prompt v1", "+++ prompt v2",
                "-Refunds are 10% of the price.", "+Refunds are the full price.", " Be polite.");
        assertThat(diff.getInt("data.diff.components[0].linesAdded")).isEqualTo(1);
        assertThat(diff.getInt("data.diff.components[0].linesRemoved")).isEqualTo(1);
        assertThat(diff.getString("data.diff.components[1].unifiedDiff")).isEmpty();

        execute("diff", Map.of("agent", agent, "from", 1, "to", 1)).body("data.diff.changed", equalTo(false));
        execute("diff", Map.of("agent", agent, "from", 1, "to", 7))
                .body("data.diff", nullValue())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void messageLengthIsLimited() {
        String agent = Fixtures.createAgent("message");
        Map<String, Object> input = Fixtures.firstVersion(agent, "x");
        input.put("message", "m".repeat(10_001));
        execute("createVersion", Map.of("input", input))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("message"));
        input.put("message", "m".repeat(10_000));
        execute("createVersion", Map.of("input", input))
                .body("errors", nullValue())
                .body("data.createVersion.createdAt", notNullValue());
    }
}
