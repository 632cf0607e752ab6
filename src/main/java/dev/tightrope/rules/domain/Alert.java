package dev.tightrope.rules.domain;

import java.time.Instant;

/**
 * One firing of a rule on a deployment.
 *
 * @param threshold      the condition as written in the rule ({@code > 15%}, {@code DROPS > 20%})
 * @param actionOutcome  DONE, SKIPPED (cooldown, nothing to act on) or an error code; null while pending
 */
public record Alert(long id, long ruleId, int ruleRevision, String ruleSource, long deploymentId, String agent,
        String environment, long firing, String severity, String state, Double value, String threshold, Double baseline, long samples, int version,
        String action, String actionOutcome, Instant firedAt, Instant resolvedAt, String acknowledgedBy,
        Instant acknowledgedAt) {
}
