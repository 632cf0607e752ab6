package dev.tightrope.demo.domain;

/**
 * What happened to one synthetic request, in the fields of an outcome (docs/outcomes.md).
 *
 * @param error         whether it ended in an error
 * @param taskCompleted whether the task was completed; null when the runtime cannot tell (errors)
 */
public record SyntheticOutcome(boolean error, Boolean taskCompleted, long latencyMs, double costUsd, int inputTokens,
        int outputTokens) {
}
