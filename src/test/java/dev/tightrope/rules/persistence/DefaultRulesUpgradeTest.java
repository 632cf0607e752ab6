package dev.tightrope.rules.persistence;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.DatabaseProbe;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The upgrade of the relative default rules (V17): a rule still at its installed text gets the new text as its next
 * revision; one a person changed is left as it is. The migration is run again here over rows set back to before it.
 */
@QuarkusTest
class DefaultRulesUpgradeTest {

    private static final String OLD_COMPLETION = "IF task_completion_rate DROPS > 20% THEN rollback";
    private static final String OLD_COST = "IF cost_per_request > 3x BASELINE THEN rollback";

    @Test
    void onlyDefaultRulesNobodyChangedGetTheNewText() throws IOException {
        String agent = Fixtures.agentWithVersions("rules-upgrade", 1);
        execute("agentRules", Map.of("slug", agent)).body("errors", nullValue()); // installs the defaults
        long agentId = DatabaseProbe.queryLong("select id from agent where slug = ?", agent);
        // as an agent's rules were before the upgrade: the completion rule as installed, the cost rule edited
        DatabaseProbe.update("update rule set source = ?, canonical = ? where agent_id = ? and default_key = ?",
                OLD_COMPLETION, OLD_COMPLETION, agentId, "completion-drop-rollback");
        DatabaseProbe.update("update rule set source = ?, canonical = ?, revision = 2 where agent_id = ? "
                + "and default_key = ?", OLD_COST, OLD_COST, agentId, "cost-rollback");

        try (InputStream script = getClass().getResourceAsStream(
                "/db/migration/V17__default_rules_need_evidence.sql")) {
            DatabaseProbe.update(new String(script.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertThat(DatabaseProbe.queryLong("select revision from rule where agent_id = ? and default_key = ? "
                + "and canonical = ?", agentId, "completion-drop-rollback",
                "IF task_completion_rate DROPS > 20% FOR 1m THEN rollback MIN_SAMPLES 100")).isEqualTo(2);
        assertThat(DatabaseProbe.queryLong("select count(*) from rule_revision v join rule r on r.id = v.rule_id "
                + "where r.agent_id = ? and r.default_key = ? and v.revision = 2", agentId,
                "completion-drop-rollback")).isEqualTo(1);
        assertThat(DatabaseProbe.queryLong("select count(*) from rule where agent_id = ? and default_key = ? "
                + "and canonical = ? and revision = 2", agentId, "cost-rollback", OLD_COST)).isEqualTo(1);
        execute("agentRules", Map.of("slug", agent)).body("errors", nullValue());
    }
}
