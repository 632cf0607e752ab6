package dev.tightrope.rules.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tightrope.rules.application.RuleDefaults;

/**
 * The default relative rules on a canary as healthy as the stable version (every firing a false alarm) and on a
 * clearly worse one, at the traffic the judge's own simulation assumes (20 requests/s, 5 % canary, 10 minutes).
 * The old texts (no FOR, 20 samples) are run side by side: they fired on most healthy canaries.
 */
class DefaultRulesSimulationTest {

    private static final int RUNS = 400;
    private static final String OLD_COMPLETION = "IF task_completion_rate DROPS > 20% THEN rollback";
    private static final String OLD_COST = "IF cost_per_request > 3x BASELINE THEN rollback";

    @Test
    void theDefaultRelativeRulesDoNotRollBackAHealthyCanary() {
        DefaultRulesSimulation.Parameters aa = DefaultRulesSimulation.Parameters.aa(RUNS, 1);
        for (String rule : new String[] {RuleDefaults.RULES.get("completion-drop-rollback"),
                RuleDefaults.RULES.get("cost-rollback")}) {
            DefaultRulesSimulation.Result result = DefaultRulesSimulation.run(rule, aa);
            assertThat(result.firedShare()).as(rule).isLessThanOrEqualTo(0.01);
        }
        assertThat(DefaultRulesSimulation.run(OLD_COMPLETION, aa).firedShare()).as("the old text").isGreaterThan(0.3);
        assertThat(DefaultRulesSimulation.run(OLD_COST, aa).firedShare()).as("the old text").isGreaterThan(0.3);
    }

    @Test
    void theyStillRollBackAClearlyWorseCanaryWithinTheFirstStep() {
        DefaultRulesSimulation.Parameters worse = new DefaultRulesSimulation.Parameters(RUNS, 2, 20, 5, 10, 0.84,
                0.60, 1.5, 1);
        DefaultRulesSimulation.Result completion = DefaultRulesSimulation.run(
                RuleDefaults.RULES.get("completion-drop-rollback"), worse);
        assertThat(completion.firedShare()).isGreaterThanOrEqualTo(0.95);
        assertThat(completion.medianTimeToFire()).isLessThanOrEqualTo(Duration.ofMinutes(6));
        DefaultRulesSimulation.Parameters costly = new DefaultRulesSimulation.Parameters(RUNS, 3, 20, 5, 10, 0.84,
                0.84, 1.5, 5);
        DefaultRulesSimulation.Result cost = DefaultRulesSimulation.run(RuleDefaults.RULES.get("cost-rollback"),
                costly);
        assertThat(cost.firedShare()).isGreaterThanOrEqualTo(0.95);
    }
}
