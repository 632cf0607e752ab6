/**
 * Outcome reporting: what happened to each request ({@link dev.tightrope.sdk.outcomes.Outcome}), queued and sent in
 * NDJSON batches in the background ({@link dev.tightrope.sdk.outcomes.OutcomeReporter}); docs/outcomes.md has every
 * field's rule.
 */
package dev.tightrope.sdk.outcomes;
