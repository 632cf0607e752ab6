package dev.tightrope.rules.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class RulesGraphQLTest {

    @Test
    void everyAgentStartsWithTheSeedsFourRulesAndCanOptOut() {
        String agent = Fixtures.agentWithVersions("rules-defaults", 1);
        JsonPath rules = execute("agentRules", Map.of("slug", agent)).body("errors", nullValue()).extract().jsonPath();
        assertThat(rules.getList("data.agent.rules.expression", String.class)).containsExactlyInAnyOrder(
                "IF error_rate > 5% FOR 5m THEN alert", "IF error_rate > 15% FOR 2m THEN rollback",
                "IF task_completion_rate DROPS > 20% FOR 1m THEN rollback MIN_SAMPLES 100",
                "IF cost_per_request > 3x BASELINE FOR 1m THEN rollback MIN_SAMPLES 100");
        assertThat(rules.getList("data.agent.rules.isDefault", Boolean.class)).containsOnly(true);
        assertThat(rules.getBoolean("data.agent.defaultRulesEnabled")).isTrue();

        execute("setDefaultRules", Map.of("agent", agent, "enabled", false)).body("errors", nullValue());
        execute("agentRules", Map.of("slug", agent)).body("data.agent.rules", equalTo(List.of()))
                .body("data.agent.defaultRulesEnabled", equalTo(false));
        execute("setDefaultRules", Map.of("agent", agent, "enabled", true)).body("errors", nullValue());
        execute("agentRules", Map.of("slug", agent)).body("data.agent.rules.size()", equalTo(4))
                .body("data.agent.defaultRulesEnabled", equalTo(true));
    }

    @Test
    void aRuleIsCreatedRevisedAndDeleted() {
        String agent = Fixtures.agentWithVersions("rules-crud", 3);
        JsonPath created = execute("createRule", Map.of("agent", agent, "expression",
                "if tool_error_rate(search) > 50% for 1m then disable_tool")).body("errors", nullValue())
                .extract().jsonPath();
        String id = created.getString("data.createRule.id");
        assertThat(created.getString("data.createRule.expression"))
                .isEqualTo("IF tool_error_rate(search) > 50% FOR 1m THEN disable_tool");
        assertThat(created.getString("data.createRule.source"))
                .isEqualTo("if tool_error_rate(search) > 50% for 1m then disable_tool");
        assertThat(created.getString("data.createRule.tool")).isEqualTo("search");
        assertThat(created.getInt("data.createRule.forSeconds")).isEqualTo(60);
        assertThat(created.getString("data.createRule.severity")).isEqualTo("CRITICAL");
        assertThat(created.getBoolean("data.createRule.isDefault")).isFalse();

        execute("updateRule", Map.of("id", id, "expression", "IF error_rate > 30% FOR 1m THEN fallback TO VERSION 2"))
                .body("errors", nullValue())
                .body("data.updateRule.revision", equalTo(2))
                .body("data.updateRule.expression", equalTo("IF error_rate > 30% FOR 1m THEN fallback TO VERSION 2"));
        execute("agentRules", Map.of("slug", agent)).body("data.agent.rules.find { it.id == '" + id + "' }.revision",
                equalTo(2));
        execute("deleteRule", Map.of("id", id)).body("errors", nullValue());
        execute("agentRules", Map.of("slug", agent)).body("data.agent.rules.find { it.id == '" + id + "' }",
                nullValue());
        execute("deleteRule", Map.of("id", id)).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        execute("updateRule", Map.of("id", id, "expression", "IF error_rate > 5% THEN alert"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void aRuleCanBeGivenFieldByField() {
        String agent = Fixtures.agentWithVersions("rules-input", 1);
        execute("createRule", Map.of("agent", agent, "input", Map.of("metric", "P95_LATENCY", "operator", "GT",
                "threshold", 4000, "forSeconds", 300, "action", "PAUSE")))
                .body("errors", nullValue())
                .body("data.createRule.expression", equalTo("IF p95_latency > 4s FOR 5m THEN pause"));
        execute("createRule", Map.of("agent", agent, "input", Map.of("metric", "TASK_COMPLETION_RATE",
                "form", "DROPS", "operator", "GT", "threshold", 20, "action", "ROLLBACK")))
                .body("data.createRule.expression", equalTo("IF task_completion_rate DROPS > 20% THEN rollback"));
        execute("createRule", Map.of("agent", agent, "input", Map.of("metric", "ERROR_RATE", "operator", "GT",
                "threshold", 150, "action", "ROLLBACK")))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.expected", equalTo("a rate from 0% to 100%"));
        execute("createRule", Map.of("agent", agent, "expression", "IF error_rate > 5% THEN alert", "input",
                Map.of("metric", "ERROR_RATE", "operator", "GT", "threshold", 5, "action", "ALERT")))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    void fieldsAreRefusedByTheirNamesEveryOneAtOnce() {
        String agent = Fixtures.agentWithVersions("rules-input-bad", 1);
        Map<String, Object> input = new java.util.HashMap<>(Map.of("metric", "P95_LATENCY", "operator", "GT",
                "threshold", -1, "forSeconds", -5, "action", "FALLBACK", "minSamples", 0, "cooldownSeconds", -1));
        execute("createRule", Map.of("agent", agent, "input", input))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.violations.path", equalTo(java.util.List.of("input.threshold",
                        "input.forSeconds", "input.fallbackVersion", "input.minSamples", "input.cooldownSeconds")));
        // the tool, named as a field, not at a column of a text nobody wrote
        execute("createRule", Map.of("agent", agent, "input", Map.of("metric", "TOOL_ERROR_RATE", "operator", "GT",
                "threshold", 50, "action", "DISABLE_TOOL")))
                .body("errors[0].extensions.violations.path", equalTo(java.util.List.of("input.tool")));
        execute("createRule", Map.of("agent", agent, "input", Map.of("metric", "ERROR_RATE", "operator", "GT",
                "threshold", 50, "action", "DISABLE_TOOL", "tool", "search")))
                .body("errors[0].extensions.violations.path", equalTo(java.util.List.of("input.tool",
                        "input.action")));
        execute("agentRules", Map.of("slug", agent))
                .body("data.agent.rules.findAll { it.isDefault == false }", hasSize(0));
    }

    @Test
    void badRulesAreRefusedWithTheirPositionAndNothingIsStored() {
        String agent = Fixtures.agentWithVersions("rules-invalid", 2);
        execute("createRule", Map.of("agent", agent, "expression", "IF error_rate > 150% FOR 2m THEN rollback"))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.line", equalTo(1))
                .body("errors[0].extensions.column", equalTo(17))
                .body("errors[0].extensions.found", equalTo("'150%'"))
                .body("errors[0].message", equalTo("Rule: line 1, column 17: expected a rate from 0% to 100%, "
                        + "found '150%'"));
        execute("createRule", Map.of("agent", agent, "expression", "IF latency > 5s THEN rollback"))
                .body("errors[0].extensions.column", equalTo(4));
        execute("createRule", Map.of("agent", agent, "expression", "IF error_rate > 5% FOR 0s THEN rollback"))
                .body("errors[0].extensions.expected", equalTo("a duration of more than 0 after FOR"));
        // version 9 is not one of this agent's (it has 1 and 2)
        execute("createRule", Map.of("agent", agent, "expression", "IF error_rate > 30% THEN fallback TO VERSION 9"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.column", equalTo(46))
                .body("errors[0].extensions.expected", equalTo("a version of " + agent + " (it has no version 9)"));
        execute("createRule", Map.of("agent", agent, "expression", "IF tool_error_rate( serch) > 50% THEN disable_tool"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.column", equalTo(21))
                .body("errors[0].extensions.found", equalTo("'serch'"))
                .body("errors[0].extensions.expected", equalTo("a tool of " + agent + " (search)"));
        execute("createRule", Map.of("agent", "no-such-agent", "expression", "IF error_rate > 5% THEN alert"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        execute("agentRules", Map.of("slug", agent)).body("data.agent.rules.size()", equalTo(4));
    }

    @Test
    void validateRuleAnswersWithTheCanonicalFormOrThePosition() {
        String agent = Fixtures.agentWithVersions("rules-validate", 1);
        execute("validateRule", Map.of("expression", "if p99_latency >= 850ms then alert min_samples 100"))
                .body("errors", nullValue())
                .body("data.validateRule.valid", equalTo(true))
                .body("data.validateRule.expression", equalTo("IF p99_latency >= 850ms THEN alert MIN_SAMPLES 100"))
                .body("data.validateRule.error", nullValue());
        execute("validateRule", Map.of("expression", "IF error_rate >\n 5% FOR 5m THEN alrt"))
                .body("data.validateRule.valid", equalTo(false))
                .body("data.validateRule.error.line", equalTo(2))
                .body("data.validateRule.error.column", equalTo(17))
                .body("data.validateRule.error.found", equalTo("'alrt'"))
                .body("data.validateRule.error.code", equalTo("VALIDATION"));
        execute("validateRule", Map.of("expression", "IF error_rate > 30% THEN fallback TO VERSION 2", "agent", agent))
                .body("data.validateRule.valid", equalTo(false))
                .body("data.validateRule.error.expected", equalTo("a version of " + agent + " (it has no version 2)"));
    }
}
