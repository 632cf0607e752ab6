package dev.tightrope.slack.domain;

import java.time.Instant;

/**
 * What an alert message says about one firing of a trigger rule, values already written in their metric's unit.
 *
 * @param rule           the rule as it was when it fired, canonical: {@code IF error_rate > 15% FOR 2m THEN rollback}
 * @param severity       INFO, WARNING or CRITICAL
 * @param version        the version the rule watched (the canary during a rollout, else the stable version)
 * @param value          the metric's value, e.g. {@code 30.0%}; {@code null} when there was none
 * @param threshold      the condition as the rule writes it: {@code > 15%}, {@code DROPS > 20%}
 * @param baseline       the baseline's value for relative rules, e.g. {@code 84.0%}; else {@code null}
 * @param action         the rule's action: ALERT, PAUSE, ROLLBACK, DISABLE_TOOL or FALLBACK
 * @param actionOutcome  DONE, DONE (rollback instead: …), SKIPPED…, BREAKER …, an error code, or {@code null} while
 *                       pending
 * @param acknowledgedBy the actor who acknowledged it ({@code slack:U2CERLKJA (roadrunner)}), or {@code null}
 */
public record AlertFacts(long id, String agent, String environment, String rule, String severity, int version,
        String value, String threshold, String baseline, long samples, String action, String actionOutcome,
        Instant firedAt, Instant resolvedAt, String acknowledgedBy, Instant acknowledgedAt) {

    /** The outcome the rule's action records when it acted. */
    public static final String DONE = "DONE";
    /** How a fallback's outcome begins when its version was held and the rule rolled back instead. */
    public static final String ROLLED_BACK_INSTEAD = "DONE (rollback instead:";

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }

    /** The rule's action moved traffic back: a rollback or a fallback that was done. */
    public boolean rolledBack() {
        return actionOutcome != null && (DONE.equals(actionOutcome) || actionOutcome.startsWith(ROLLED_BACK_INSTEAD))
                && ("ROLLBACK".equals(action) || "FALLBACK".equals(action));
    }
}
