package dev.tightrope.rules.application;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four rules every agent starts with, unless it opts out ({@code setDefaultRules(agent, enabled: false)}):
 * an alert at 5 % errors for 5 minutes, a rollback at 15 % for 2 minutes, a rollback when task completion drops by
 * more than a fifth against the baseline, and one when a request costs more than three times the baseline's.
 */
public final class RuleDefaults {

    /** Default key → rule text. Keys are stored with the rules, so each default is installed once per agent. */
    public static final Map<String, String> RULES;

    static {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("error-rate-alert", "IF error_rate > 5% FOR 5m THEN alert");
        rules.put("error-rate-rollback", "IF error_rate > 15% FOR 2m THEN rollback");
        rules.put("completion-drop-rollback", "IF task_completion_rate DROPS > 20% THEN rollback");
        rules.put("cost-rollback", "IF cost_per_request > 3x BASELINE THEN rollback");
        RULES = Map.copyOf(rules);
    }

    private RuleDefaults() {
    }
}
