package dev.tightrope.rules.domain;

/**
 * Where a rule stands on one deployment:
 * <pre>
 *   OK ──breach──▶ PENDING(since) ──held FOR──▶ FIRING ──clear──▶ RESOLVED ──breach──▶ PENDING …
 *    ▲                 │ clear or too few samples                    (a rule without FOR fires at once)
 *    └─────────────────┘
 * </pre>
 */
public enum RuleState {
    OK, PENDING, FIRING, RESOLVED
}
