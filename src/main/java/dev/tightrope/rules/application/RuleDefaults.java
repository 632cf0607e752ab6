package dev.tightrope.rules.application;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four rules every agent starts with, unless it opts out ({@code setDefaultRules(agent, enabled: false)}):
 * an alert at 5 % errors for 5 minutes, a rollback at 15 % for 2 minutes, a rollback when task completion drops by
 * more than a fifth against the baseline, and one when a request costs more than three times the baseline's.
 *
 * <p>The two relative ones wait for 100 samples and one minute: with the default 20 and no {@code FOR}, the noise of
 * a 5 % canary at 20 requests/s crossed "DROPS > 20%" in 268 of 400 simulated healthy rollouts within their first
 * 10 minutes; now in none of 400, while a drop from 84 % to 60 % is still rolled back in every one
 * ({@code DefaultRulesSimulationTest}; docs/rules.md has the figures).
 */
public final class RuleDefaults {

    /** Default key → rule text. Keys are stored with the rules, so each default is installed once per agent. */
    public static final Map<String, String> RULES;

    static {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("error-rate-alert", "IF error_rate > 5% FOR 5m THEN alert");
        rules.put("error-rate-rollback", "IF error_rate > 15% FOR 2m THEN rollback");
        rules.put("completion-drop-rollback",
                "IF task_completion_rate DROPS > 20% FOR 1m THEN rollback MIN_SAMPLES 100");
        rules.put("cost-rollback", "IF cost_per_request > 3x BASELINE FOR 1m THEN rollback MIN_SAMPLES 100");
        RULES = Map.copyOf(rules);
    }

    private RuleDefaults() {
    }
}
