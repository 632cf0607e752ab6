package dev.tightrope.registry.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class AgentGraphQLTest {

    @Test
    void createsAnAgentAndReadsItBack() {
        String slug = Fixtures.uniqueSlug("refund-bot");
        execute("createAgent", Map.of("input", Map.of("slug", slug, "name", "  Refund bot ",
                "description", "Answers refund questions")))
                .body("errors", nullValue())
                .body("data.createAgent.slug", equalTo(slug))
                .body("data.createAgent.name", equalTo("Refund bot"))
                .body("data.createAgent.createdAt", notNullValue());

        execute("agent", Map.of("slug", slug))
                .body("errors", nullValue())
                .body("data.agent.name", equalTo("Refund bot"))
                .body("data.agent.description", equalTo("Answers refund questions"))
                .body("data.agent.latestVersion", nullValue());
    }

    @Test
    void duplicateSlugIsAConflict() {
        String slug = Fixtures.createAgent("dup");
        execute("createAgent", Map.of("input", Map.of("slug", slug, "name", "Again")))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", equalTo("An agent with slug '" + slug + "' already exists"));
    }

    @Test
    void invalidSlugAndBlankNameAreValidationErrorsNamingTheFields() {
        execute("createAgent", Map.of("input", Map.of("slug", "Bad Slug!", "name", " ")))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", equalTo(List.of("slug", "name")))
                .body("errors[0].message", startsWith("Invalid input: slug: 'Bad Slug!' is not a valid slug"));
    }

    @Test
    void missingRequiredArgumentIsAValidationError() {
        execute("createAgent", Map.of("input", Map.of("slug", Fixtures.uniqueSlug("no-name"))))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    void unknownAgentIsNotFoundWithNullData() {
        execute("agent", Map.of("slug", "does-not-exist"))
                .body("data.agent", nullValue())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", equalTo("No agent with slug 'does-not-exist'"))
                .body("errors[0].path", equalTo(List.of("agent")));
    }

    @Test
    void agentsArePagedInCreationOrderWithStableCursors() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(Fixtures.createAgent("page"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean hasNext = true;
        int pages = 0;
        while (hasNext) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 2);
            variables.put("after", after);
            JsonPath page = execute("agents", variables).body("errors", nullValue()).extract().jsonPath();
            List<String> slugs = page.getList("data.agents.edges.node.slug");
            assertThat(slugs.size()).isLessThanOrEqualTo(2);
            seen.addAll(slugs);
            hasNext = page.getBoolean("data.agents.pageInfo.hasNextPage");
            assertThat(page.getBoolean("data.agents.pageInfo.hasPreviousPage")).isEqualTo(after != null);
            after = page.getString("data.agents.pageInfo.endCursor");
            if (!slugs.isEmpty()) {
                assertThat(page.getList("data.agents.edges.cursor", String.class)).last().isEqualTo(after);
            }
            assertThat(++pages).as("paging terminates").isLessThan(10_000);
        }
        assertThat(seen).doesNotHaveDuplicates();
        List<String> ours = seen.stream().filter(created::contains).toList();
        assertThat(ours).containsExactlyElementsOf(created);
    }

    @Test
    void pageSizeAndCursorAreValidated() {
        execute("agents", Map.of("first", 101))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("first"));
        execute("agents", Map.of("first", -1))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        execute("agents", Map.of("after", "not-a-cursor"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", hasItem("after"));
    }
}
