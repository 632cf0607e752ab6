package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The dashboard's agents list reads the deployments of every listed agent, and a page of each deployment's history,
 * batched (one session for all agents' deployments, one for all their histories): each agent still gets exactly its
 * own deployments and events, pages and cursors included.
 */
@QuarkusTest
class DashboardAgentsListTest {

    @Test
    void eachAgentOfAListGetsItsOwnDeploymentsAndHistory() {
        String rolling = Fixtures.agentWithVersions("list-rolling", 2);
        String twoEnvironments = Fixtures.agentWithVersions("list-two-envs", 3);
        String undeployed = Fixtures.agentWithVersions("list-none", 1);
        deploy(rolling, "production", 1);
        execute("startRollout", Map.of("agent", rolling, "environment", "production", "version", 2, "weight", 10))
                .body("errors", nullValue());
        deploy(twoEnvironments, "production", 1);
        deploy(twoEnvironments, "production", 2);
        deploy(twoEnvironments, "production", 3);
        deploy(twoEnvironments, "staging", 3);

        Map<String, Map<String, Object>> listed = listed(3);
        assertThat(listed).containsKeys(rolling, twoEnvironments, undeployed);
        assertThat(deployments(listed, undeployed)).isEmpty();

        List<Map<String, Object>> rollingDeployments = deployments(listed, rolling);
        assertThat(rollingDeployments).hasSize(1);
        assertThat(rollingDeployments.get(0)).containsEntry("agent", rolling).containsEntry("stableVersion", 1)
                .containsEntry("generation", 2);
        assertThat(path(rollingDeployments.get(0), "rollout.canaryVersion")).isEqualTo(2);
        assertThat(path(rollingDeployments.get(0), "rollout.weight")).isEqualTo(10);
        assertThat(generations(rollingDeployments.get(0))).containsExactly(2, 1);
        assertThat(path(rollingDeployments.get(0), "events.pageInfo.hasNextPage")).isEqualTo(false);

        List<Map<String, Object>> both = deployments(listed, twoEnvironments);
        assertThat(both).extracting(d -> d.get("environment")).containsExactly("production", "staging");
        Map<String, Object> production = both.get(0);
        assertThat(production).containsEntry("stableVersion", 3).containsEntry("generation", 3);
        assertThat(path(production, "rollout")).isNull();
        assertThat(generations(production)).containsExactly(3, 2, 1);
        assertThat(generations(both.get(1))).containsExactly(1);
        assertThat(path(both.get(1), "events.edges[0].node.propagation.status")).isEqualTo("NO_RUNTIMES");
    }

    @Test
    void aSmallPageOfEveryHistoryHasItsOwnNextPage() {
        String agent = Fixtures.agentWithVersions("list-paged", 3);
        for (int version = 1; version <= 3; version++) {
            deploy(agent, "production", version);
        }
        Map<String, Object> production = deployments(listed(2), agent).get(0);
        assertThat(generations(production)).containsExactly(3, 2);
        assertThat(path(production, "events.pageInfo.hasNextPage")).isEqualTo(true);
        String cursor = (String) path(production, "events.pageInfo.endCursor");

        Map<String, Object> variables = new HashMap<>();
        variables.put("first", 100);
        variables.put("events", 2);
        variables.put("eventsAfter", cursor);
        Map<String, Object> next = deployments(byAgent(execute("agentsOverview", variables)
                .body("errors", nullValue()).extract().jsonPath()), agent).get(0);
        assertThat(generations(next)).containsExactly(1);
        assertThat(path(next, "events.pageInfo.hasNextPage")).isEqualTo(false);
    }

    private static void deploy(String agent, String environment, int version) {
        execute("deploy", Map.of("agent", agent, "environment", environment, "version", version))
                .body("errors", nullValue());
    }

    /** Every agent, page by page, with {@code events} events of each deployment. */
    private static Map<String, Map<String, Object>> listed(int events) {
        Map<String, Map<String, Object>> all = new HashMap<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 100);
            variables.put("after", after);
            variables.put("events", events);
            JsonPath page = execute("agentsOverview", variables).body("errors", nullValue()).extract().jsonPath();
            all.putAll(byAgent(page));
            after = page.getBoolean("data.agents.pageInfo.hasNextPage") ? page.getString("data.agents.pageInfo.endCursor")
                    : null;
        } while (after != null);
        return all;
    }

    private static Map<String, Map<String, Object>> byAgent(JsonPath page) {
        Map<String, Map<String, Object>> agents = new HashMap<>();
        List<Map<String, Object>> nodes = page.getList("data.agents.edges.node");
        nodes.forEach(node -> agents.put((String) node.get("slug"), node));
        return agents;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deployments(Map<String, Map<String, Object>> listed, String agent) {
        return (List<Map<String, Object>>) listed.get(agent).get("deployments");
    }

    private static List<Integer> generations(Map<String, Object> deployment) {
        return JsonPath.from(new io.vertx.core.json.JsonObject(deployment).encode())
                .getList("events.edges.node.generation", Integer.class);
    }

    private static Object path(Map<String, Object> deployment, String path) {
        return JsonPath.from(new io.vertx.core.json.JsonObject(deployment).encode()).get(path);
    }
}
